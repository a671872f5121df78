// Package placement allocates vocational students to enterprise internship
// and employment positions under the policies of a regional vocational
// education group: special-post students trained for their home county's
// grassroots posts, enterprise-sponsored order classes with reserved seats,
// enterprise-wide and regional caps, floors and minimum fills.
//
// This package holds no code; it is the map of the library.
//
// # Packages
//
//   - [github.com/placement-engine/placement/model]: the entities (students,
//     schools, majors, enterprises, positions, regions, order classes), the
//     immutable validated Cohort, the JSON and CSV formats, and every
//     validation problem located by file, line, path, record and field;
//     LoadTables and Tables for any other source of tables.
//   - [github.com/placement-engine/placement/model/xlsx]: the Excel format,
//     the CSV files as sheets of one workbook. A package of its own so that
//     importers of model and matching do not link an Excel library.
//   - [github.com/placement-engine/placement/model/synth]: seeded synthetic
//     cohorts, with the "group" preset that mirrors the reference group
//     (about 5,000 students a year) and scales to 100,000 and 1,000,000.
//   - [github.com/placement-engine/placement/matching]: the allocation
//     mechanisms on a compiled dense instance: deferred acceptance
//     (student- or position-proposing, under quotas), optimal allocation by
//     exact min-cost flow, the checkers that verify any result without
//     trusting the mechanism, cutoffs and refusals (why a choice did not
//     take a student), result files, and NewResult for a result read back.
//   - [github.com/placement-engine/placement/matching/flow]: an exact
//     min-cost flow solver with a certificate checker and DIMACS files,
//     usable on its own.
//   - [github.com/placement-engine/placement/report]: what a planner reads:
//     a summary, one self-contained HTML page and charts (PNG or SVG, by
//     gonum's plot) of one allocation or two side by side.
//   - [github.com/placement-engine/placement/whatif]: change files (seats,
//     caps, floors, withdrawals), the changed cohort with everyone else's
//     lottery kept, and the diff of who moved and why.
//   - [github.com/placement-engine/placement/round]: the supplementary
//     rounds of a season: students' responses (accept, hold, decline,
//     continue, withdraw; read by model) checked with the previous result
//     and the next cohort, the round run with every seat accepted or held
//     kept (student-da, least-disruption or optimal; the round market
//     itself is compiled by matching), what it did for each student, the
//     chain of results verified, synthetic responses.
//   - cmd/placement: the planners' command (demo, gen, solve, round, check,
//     report, explain, whatif, export-flow, flow, serve). serve is the
//     planners' workbench: a local web app (files serve*.go and web*.go,
//     templates and assets embedded from cmd/placement/web) whose pages
//     call the same glue as the verbs, over a season's database kept by
//     internal/store (SQLite through modernc.org/sqlite, pure Go; it knows
//     bytes and metadata, nothing of model or matching). examples/:
//     runnable programs with checked output; benchmarks/: the whole
//     pipeline on synthetic cohorts.
//
// Data flows one way: files or API → model.Cohort (validated once) →
// compiled instance → mechanism → result → checkers, reports, files. The
// model package imports nothing of matching; report, whatif and round
// import model and matching (report also round, for a comparison of
// rounds) and nothing of the library imports them; no library package
// prints.
//
// # Which mechanism when
//
// Student-proposing deferred acceptance is the fair default to publish: no
// student and position would both rather be together, and no student gains
// by misreporting. Position-proposing deferred acceptance gives the
// enterprise-optimal stable matching, for comparison. Optimal allocation
// (min-cost flow) places as many students as possible at the least total
// rank, or most first choices first, and can keep promises no stable
// mechanism can: every special-post student in a special post, every floor
// met. Comparing the two shows the price of stability.
//
// # Determinism
//
// Every function is deterministic: the same input (and, for lotteries and
// synthetic cohorts, the same seed) gives the same output, byte for byte,
// whatever GOMAXPROCS is. Inputs are never modified.
package placement
