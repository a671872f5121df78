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
// (rank, unplaced, fill-enterprise, fill-region, fill-major, special-posts,
// out-of-province and, with two results, gains and blocking) that names
// its SVG element in the page ("chart-" + ID), its table ("table-" + ID)
// and its file; [Report.Tables] returns the tables for programs and
// tests.
//
// What the charts show:
//
//   - rank: students by the rank of the choice they obtained (1st, 2nd, ...)
//     and the unplaced, one bar per result.
//   - unplaced: the unplaced students by reason (matching.Reason).
//   - fill-enterprise: seats filled, as a share of seats (the sum of the
//     capacities of the enterprise's positions), for the [Options.TopEnterprises] (20 by default)
//     enterprises with the most seats; the table lists every enterprise,
//     with its enterprise-wide cap.
//   - fill-region: the same by the region where the positions are.
//   - fill-major: by major, the share of its students placed (positions
//     accept several majors, so a major has students, not seats).
//   - special-posts: by county, the share of its special-post seats filled
//     and of its special-post students placed; both should be 100 %.
//   - out-of-province: students placed out of the province against the
//     region's cap (counts; the table also gives shares of the cohort and of
//     those placed) and every other cap's use.
//   - gains (two results): how each student's rank moves from the second
//     result to the first; placed beats unplaced.
//   - blocking (two results, one of them optimal): the blocking pairs the
//     optimal allocation creates under the stable one's priorities, by the
//     enterprise of the position.
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
// matching.Check) when one of two results is optimal. Chart text uses IDs,
// not names, since the plot package's fonts lack CJK glyphs; the tables
// give both.
package report
