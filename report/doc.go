// Package report turns one or two allocations of a cohort into what a
// planner reads: a terminal summary ([Report.WriteText]), one
// self-contained HTML page with charts and the tables behind them
// ([Report.WriteHTML]), and the charts as PNG or SVG files
// ([Report.WriteCharts]).
//
// [New] computes every figure once from the cohort and the results
// (matching.Result's Placed, ByRank, Fill, Unplaced, SpecialPostsByCounty
// and Caps, and matching.Compare when one of two results is an optimal
// allocation); the writers only lay them out. Each chart has an ID
// (rank, unplaced, fill-school, fill-level, fill-enterprise, fill-region,
// fill-major, special-posts, special-school, out-of-province and, with
// two results, gains and blocking) that names
// its SVG element in the page ("chart-" + ID), its table ("table-" + ID)
// and its file; [Report.Tables] returns the tables for programs and
// tests.
//
// What the charts show (a chart of several results or with a reference
// line has its legend in a band between its title and its bars, never
// over them):
//
//   - rank: students by the rank of the choice they obtained (1st, 2nd, ...)
//     and the unplaced, one bar per result.
//   - unplaced: the unplaced students by reason, in a planner's words.
//   - fill-school: by member school, the share of its students placed (its
//     table adds the level, the county, first choices and the mean rank).
//   - fill-level: the same for secondary and higher vocational students.
//   - fill-enterprise: seats filled, as a share of seats (the sum of the
//     capacities of the enterprise's positions), for the [Options.TopEnterprises] (20 by default)
//     enterprises with the most seats; the table lists every enterprise,
//     with its enterprise-wide cap.
//   - fill-region: the same by the region where the positions are.
//   - fill-major: by major, the share of its students placed (positions
//     accept several majors, so a major has students, not seats).
//   - special-posts: by county, the share of its special-post seats filled
//     and of its special-post students placed; both should be 100 %.
//   - special-school: by school, the share of its special-post students
//     placed.
//   - out-of-province: students placed out of the province against the
//     region's cap (counts; the table also gives shares of the cohort and of
//     those placed) and every other cap's use.
//   - gains (two results): how each student's rank moves from the second
//     result to the first; placed beats unplaced.
//   - blocking (two results, one of them optimal): the pairs of a student
//     and a position who would both rather be together (blocking pairs)
//     under the stable result's priorities, by the enterprise of the
//     position.
//
// Rounds: a supplementary round's result (package round) is named with
// its round in every heading ("round 2, stable allocation, students
// first", 第2轮，学生优先稳定分配); with [Options.Round] the report compares
// it with an earlier round of its chain, and the title names both (主轮与
// 第2轮). Four tables come first: rounds (placed and unplaced after each
// round), round-outcomes (what the round did: stayed at their seat, rose,
// newly placed, still looking for a seat, declined, withdrew, left in an
// earlier round), round-moves (each student whose place changed, with
// their name) and cascades (each decline and the students who took the
// seats it freed, "X2 (B → A); X4 (unplaced before → C)"). The outcomes
// and the cascades are between adjacent rounds only: against an earlier
// round the report says so and shows placed and moves alone.
//
// Names: wherever the report shows a school, enterprise, region or major,
// its name stands beside its ID: in tables a column of IDs (set small on
// the page) and one of names, in charts "E0006 国网能源服务" (the name
// cut to 12 characters).
//
// Language: [Options.Lang] chooses Simplified Chinese or English for
// every text, from the package's catalogue (catalog.go, keyed by the
// English text, through golang.org/x/text/message and internal/lang). The
// mechanisms are named as planners name them (学生优先稳定分配, 企业优先稳定分配,
// 最优分配 and the objectives 志愿位次总和最小, 第一志愿最多优先, 最差志愿最少), and
// the page ends with a glossary of its terms.
//
// Fonts: the charts measure and draw every text with one font, so that
// what was measured is what is drawn. It is [Options.Font] when given (an
// error if it does not load or lacks Chinese characters), else the first
// file of [FontPaths] that exists and loads: on Windows Microsoft YaHei
// (msyh.ttc), SimHei, DengXian, SimSun under %WINDIR%\Fonts; on macOS
// PingFang, Hiragino Sans GB, STHeiti, Arial Unicode; on Linux Noto Sans
// CJK (Debian's fonts-noto-cjk), WenQuanYi, Droid Sans Fallback, AR PL
// UMing. TrueType and CFF (Noto Sans CJK) outlines both load; a file whose
// outlines golang.org/x/image/font/sfnt cannot read (Debian's
// wqy-microhei.ttc) is skipped. PNG charts draw with the font; SVG charts
// name it first in each text's font-family, then the common Chinese fonts
// of every system, and give each text the width measured (textLength), so
// that a browser drawing it with another font fits it in the same place.
// When no font is found, the charts are drawn with the plot package's
// Liberation fonts, in English, with IDs instead of names and "#k" for an
// ID the fonts cannot draw, never a blank label; [Report.Warnings] says so
// and how to fix it. Their SVG texts name Liberation Sans, then Arial and
// Helvetica (the same metrics), with the width measured as textLength.
//
// Determinism: the same cohort and results give the same bytes from every
// writer (rows are in cohort order or sorted with index tie-breaks; the
// plot package draws deterministically). A Report is immutable once built
// and safe for concurrent use; it never modifies the cohort or the
// results. Library code never prints: every writer takes an io.Writer or a
// folder.
//
// Cost: New is O(S + P + E + R) for S students, P positions, E
// enterprises and R regions, plus matching.Compare (which runs
// matching.Check) when one of two results is optimal. A font file is read
// once per process.
package report
