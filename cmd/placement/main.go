// Command placement allocates students to positions and checks
// allocations.
//
// Usage:
//
//	placement demo [-out DIR] [-scale F] [-seed N]
//	placement gen [-preset group|uniform] [-scale F | -students N] [-seed N] -out FILE.json|FILE.xlsx|DIR
//	placement solve -cohort FILE -mechanism student-da|position-da|optimal [-objective rank-sum|rank-maximal|generous] [-compare] [-seed N] [-tie-break single|multiple] [-reserve-order reserved-first|open-first] -out FILE
//	placement gen -responses -cohort FILE -previous FILE [-decline F] [-hold F] [-continue F] [-seed N] -out FILE.json|FILE.csv|FILE.xlsx
//	placement round -cohort FILE -previous FILE [-responses FILE] [-mechanism student-da|least-disruption|optimal] [-objective NAME] [-lottery reversed|same|fresh] [-no-answer-placed accept|hold|decline] [-no-answer-unplaced continue|withdraw] -out FILE [-cohort-out FILE]
//	placement check -cohort FILE -result FILE [-previous FILE [-responses FILE]] [-list N] [-seed N -tie-break single|multiple -reserve-order reserved-first|open-first] [-objective NAME]
//	placement report -cohort FILE -result FILE [-result2 FILE] [-html FILE] [-charts DIR [-chart-format png|svg]]
//	placement explain -cohort FILE (-result FILE | -mechanism NAME [-objective NAME] [-seed N] ...) (-student ID | -position ID) [-limit N]
//	placement whatif -cohort FILE -changes FILE [-mechanism NAME] [-objective NAME] [-seed N] ... [-out FILE] [-diff FILE] [-changed-cohort FILE] [-list N]
//	placement export-flow -cohort FILE [-objective rank-sum|rank-maximal|generous] -out FILE.min
//	placement flow [-flows] FILE.min
//	placement serve [-addr HOST:PORT] [-db FILE] [-remote [-tls-cert FILE -tls-key FILE]] [-open=false] [-max-upload BYTES]
//	placement serve -db FILE (-add-user NAME | -backup FILE | -export SEASON_ID -out DIR)
//
// Every verb takes -lang zh|en (also "placement -lang zh VERB ..."): the
// language of its messages, its usage and its flags' help, Simplified
// Chinese or English. Without it, the environment's language decides: the
// first of LC_ALL, LC_MESSAGES and LANG that is set (zh_CN.UTF-8 gives
// Chinese), else on Windows the display language, else English. Another
// language given to -lang is a usage error (exit code 2). The
// explanations, the summaries of solve, check, gen, demo and the usage
// errors are worded in it, mechanisms by the names a planner uses
// ("学生优先稳定分配 (student-da)", "企业优先稳定分配 (position-da)",
// "最优分配 (optimal)"). A CSV result or a result workbook (solve -out,
// whatif -out) is written in it too: its headers, sheet names and summary
// items (学生, 姓名, 学校, ..., 志愿位次, 未分配原因; 分配结果, 未分配,
// 概要, ...; matching.ResultName), the level and the reason in the
// planner's words, and the IDs, ranks, seed, code words, fingerprint and
// certificate as they are; every reader takes either language, and files
// written before. So is a diff (whatif -diff, CSV or .xlsx: its sheets,
// headers, summary items and words; whatif.Diff.TablesIn). Other files
// (JSON results and diffs, cohorts, change files) are written the same in
// either language.
//
// demo is the main job with no files at all: it generates the group preset
// (model/synth), runs the stable (student-da) and the optimal (rank-sum)
// allocation, checks both, writes the cohort, both results, the report page
// and its charts into -out (placement-demo by default), and prints the
// report's summary.
//
// The cohort (-cohort) of every verb is a folder of CSV files when FILE is
// a directory, an Excel workbook (a sheet per CSV file) when its name ends
// in ".xlsx", and a JSON file otherwise (see package model for the three
// formats).
//
// solve compiles the cohort, runs the mechanism, checks the result with the
// checkers of package matching, and writes it to -out: JSON in the format of
// matching.WriteResultJSON when the name ends in ".json", CSV
// (matching.WriteResultCSV: a row a student, names of student, school,
// major, regions, position and enterprise beside the IDs, rank, reason,
// and on every row the cohort's fingerprint and the run: mechanism,
// objective, seed, tie-break, reserve order)
// when it ends in ".csv", or an Excel workbook when it ends in ".xlsx"
// (sheets "assignments" and "unplaced" with the CSV's columns; "summary":
// item, value, the JSON file's header and summary without the timings;
// for an optimal allocation "objective": criterion, sense, value, and
// "certificate", which check verifies). Each sheet has a bold, frozen,
// filtered header and columns as wide as their content. A name with
// another extension (".xls", none) is refused before any work, as is a
// ".csv" name for an optimal allocation: one table cannot carry its
// certificate. The file is written to a temporary name in the same
// folder and renamed into place, so on any error there is no result file (and
// an existing one is left as it was). Timings of each phase go in the JSON
// summary; a one-line summary goes to stdout.
//
// With -mechanism optimal, solve computes the optimal allocation under every
// quota (matching.SolveOptimal) for -objective (rank-sum by default: most
// students placed, then least total rank; rank-maximal; generous), checks it
// (placement rules, capacities, every quota, and its optimality certificate),
// writes it with its objective, value and certificate, and prints the
// objective's value in the summary line; -compare also runs student-da and
// prints the price of stability (placed, ranks, students better and worse
// off, blocking pairs of the optimum). A cohort whose quotas cannot all be
// met gets, on stderr, the quotas at fault and by how much, and exit code 3.
//
// check reads a result file written by solve (JSON, or CSV or Excel when
// the name ends in ".csv" or ".xlsx"), compiles the cohort with the seed,
// tie-break and reserve order the file names (a flag that contradicts them
// is an error; for a CSV file written before CSV results carried them,
// those of the -seed, -tie-break and -reserve-order flags), and prints every finding of the
// checkers (students missing or duplicated, placements not chosen,
// ineligible or unacceptable, wrong ranks, capacity violations, blocking
// pairs), one a line; the blocking pairs of a position with several are
// one line, with their count and the first -list students (3; 0 for all).
//
// For the file of an optimal allocation, check verifies the placement rules,
// capacities, enterprise and regional caps, floors, minimum fills, seats held
// empty for their categories and every special-post student placed; the
// objective value the file states; and, when the file carries its
// certificate, that the allocation is optimal for its objective. Blocking
// pairs are counted, not reported as findings: an optimum need not be stable.
// A CSV result of an optimal allocation (written by the library: solve
// refuses) is checked for its quotas and value only: CSV carries no
// certificate. One written before CSV results named their mechanism needs
// -objective to be checked that way.
//
// gen writes a synthetic cohort (package model/synth): -preset group, the
// reference group's year (about 5,000 students at -scale 1, with special
// posts, order classes, caps and floors), or uniform, a plain market;
// -scale multiplies the size, or -students sets the number of students;
// the same flags give the same cohort. -out FILE.json writes JSON,
// FILE.xlsx an Excel workbook, and a name without extension (or an empty
// folder) a folder of CSV files. Like solve's result, the output is written
// under a temporary name (a temporary folder for CSV) and renamed into
// place, so that a failure leaves nothing half-written.
//
// round runs a supplementary round (package round): -cohort is the next
// round's cohort (seats added or withdrawn, late students), -previous the
// previous round's result (any format, read against it), -responses the
// students' answers to it (JSON, CSV or the sheet "responses" of a
// workbook: accept, hold, decline for the placed; continue, with a new
// list, or withdraw for the unplaced; who does not answer takes
// -no-answer-placed, accept, or -no-answer-unplaced, continue). The three
// are checked together (round.Prepare): every problem is printed with its
// file and line, nothing is written, exit code 2. The round's mechanism
// (student-da: stable with the guarantees, student-optimal;
// least-disruption: stable, moving the holders least; optimal: most
// placed at the least total rank, nobody who holds worse off, accepted
// seats fixed) runs with the previous round's lottery reversed (-lottery),
// the result is checked (matching.Check with the round's guarantees, and
// round.Check on the file as written: the chain of fingerprints) and
// written as solve writes one, with the round's number, the fingerprints
// of the previous result and of the responses, each student's answer and
// previous seat (the seat kept, or given back by declining), the answers
// given to those who did not answer, and in a workbook a sheet of what the round did for each
// student; -cohort-out writes the round's cohort (with the new lists), the
// cohort of the next round. The summary line says the round, placed and
// unplaced, and how many stayed at their seat, rose, were newly placed,
// declined and withdrew. gen -responses draws synthetic responses to a
// result (round.Synthesize). check of a round's result needs -previous
// and -responses, the files it names by fingerprint (a wrong one is
// refused), and takes -no-answer-placed and -no-answer-unplaced from the
// result (they are only for results written before results recorded
// them); explain and report speak in rounds (what the round did for a
// student and whose decline freed their seat; report -result R1 -result2
// R2 compares two rounds of a chain).
//
// export-flow writes the min-cost flow network that the optimal allocation
// solves for a cohort in DIMACS form, with comments naming every node that is
// not a student and relating the network's cost to the objective, so that
// any other solver can solve it and compare.
//
// flow solves any min-cost flow problem in DIMACS format ("p min", "n",
// "a FROM TO LOW CAP COST" lines) with package matching/flow, checks the
// solution's optimality certificate, and prints it in DIMACS solution form:
// "s COST", then with -flows "f FROM TO FLOW" for every arc carrying flow.
// An infeasible or unbounded network prints "s INFEASIBLE" or "s UNBOUNDED"
// and its diagnosis on stderr: the nodes whose demand the arcs into them
// cannot meet and by how much, or a cycle of negative cost and unlimited
// capacity.
//
// explain answers a student's "why didn't I get my first choice?": for each
// choice above the one obtained (every choice when unplaced), why it did not
// take them (not eligible and by which rule, not in the position's
// ranking, full with its cutoffs against the student's score and priority,
// seats held for another category, a full enterprise or regional cap, or,
// for an optimal allocation, seats given to others for a better total); and
// a position's: its cutoffs for each category of seats, the students
// admitted and those turned away, with why, by priority (at most -limit of
// each). It explains a result file, or, without -result, a run of
// -mechanism with the given lottery.
//
// whatif applies a change file (seats added or removed, caps, floors,
// minimum fills, targets and reserves changed, positions or students
// withdrawn; format placement-changes/1 of package whatif) to a cohort,
// solves the base and the changed cohort with the same mechanism and
// lottery, checks both, and prints who moved and why. Withdrawn students
// keep their place in the lottery's order, so that everyone else's
// priorities are unchanged.
//
// report prints a summary of one result file, or of two of the same cohort
// side by side (package report): students by rank obtained, unplaced by
// reason, fill rates by enterprise, region and major, special posts by
// county, the out-of-province share against its cap, and for two results
// who gains, who loses and the blocking pairs an optimal allocation
// creates. -html writes the same as one self-contained HTML page with
// charts (atomically); -charts writes the charts as PNG or SVG files.
// A result that names another cohort, an unknown student or position, or
// leaves students out is an input error naming the file.
//
// serve is the planner's workbench: a web server (127.0.0.1:8808 by
// default, the same address every day, or a free port when that is busy;
// its URL printed and opened in the browser) over one SQLite
// database (-db, placement.db by default) that keeps a season's uploads,
// runs, results and published rounds. Its pages, in Chinese and English,
// need no other install: templates and assets are in the binary. On this
// computer a session is made on the first page; -remote listens beyond it
// and asks for a user and password (-add-user NAME reads the password from
// stdin). Every form carries a CSRF token; uploads are bounded
// (-max-upload) and read in memory; the pages send a content security
// policy. Ctrl-C or SIGTERM stops it: live runs are cancelled and marked
// failed. -backup FILE writes a consistent copy of the database (VACUUM
// INTO), -export SEASON_ID -out DIR a season's files, runs and results.
//
// Exit codes:
//
//	0  success (check: no finding)
//	1  check: the allocation has findings; solve, whatif, demo: a result
//	   failed its own check (a bug; no file is written)
//	2  usage or input error: bad flags, a cohort that does not validate (its
//	   problems are printed to stderr), an unreadable result, change or
//	   DIMACS file (its line, or sheet and row, is named), a file of the
//	   wrong kind, an unknown student or position, a file that cannot be
//	   written, or (optimal) an enterprise cap that crosses a regional quota
//	3  flow: the network is infeasible or unbounded; solve, round, explain
//	   and whatif with -mechanism optimal: no allocation meets every quota
//	130  interrupted (Ctrl-C or SIGTERM): the run stopped and wrote nothing
//
// A run shows its stage and progress on stderr when stderr is a terminal,
// and nothing of it otherwise.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// The first interrupt cancels the run, which stops at its next look
	// at the context and removes what it had staged; a second one kills
	// the process at once, as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	cmdCtx = ctx
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
