// Package round runs the rounds of a placement season after the main one:
// students answer the published result, seats are added or withdrawn, late
// students register, and a supplementary round places the students left
// over on the seats left, without taking from anybody what an earlier
// round told them.
//
// # Pieces
//
//   - Prepare (prepare.go): the next round's cohort, the previous round's
//     result (read against that cohort with matching.ReadOptions.Previous)
//     and the students' responses (package model's Responses), checked
//     together, every problem at once and located in the input it comes
//     from (ProblemsError; Problem.Text words it in Chinese or English);
//     it returns the round's cohort (with the new lists of the students
//     who continue) and the matching.Round that compiles it: each
//     student's Standing (accept, hold, decline, continue, withdraw, and
//     the seat kept). Students who do not answer, or leave the answer
//     blank (model.NoAnswer: a sheet listing every student), take
//     Options.Placed (Accept) or Options.Unplaced (Continue). A previous
//     result that lists no student, or fewer than it says it has, is
//     refused: its missing students would be taken for new ones.
//   - Warnings (problems.go): what is worth a look but no problem: a
//     previous result of a cohort named otherwise, and responses that
//     name no result (nothing ties a sheet typed by hand to the result it
//     answers).
//   - Run (run.go): the round's mechanism on the compiled instance:
//     matching.StudentDA (the student-optimal round-stable allocation),
//     matching.LeastDisruption (the round-stable allocation that moves
//     every holder the least) or matching.OptimalAllocation; the Result
//     says for each student what the round did (Outcome: kept, held and
//     kept, rose from rank a to rank b, newly placed, still unplaced,
//     declined, withdrew, left in an earlier round) and, for each student
//     who rose or was newly placed, whose leaving freed the seat they took
//     (Vacancy; not known without the previous result). Given the
//     responses (RunOptions.Responses, NewResultWith), an outcome also
//     says whether the student answered or took the default, and whether
//     their rank is on a new list given this round.
//   - Compare (compare.go): a round against the round before it: placed
//     in each, who moved, and the chains of seats that declines set
//     moving; CompareEarlier against any earlier round of the chain
//     (placed and who moved only: the chains are between adjacent
//     rounds).
//   - Check (check.go): a round's result file against the previous
//     result and the responses it names by fingerprint, its standings
//     rebuilt from them, and matching.Check on the round's instance; a
//     chain of rounds R1→R2→R3 is verified link by link.
//   - Synthesize (synth.go): seeded synthetic responses (accept 0.75, hold
//     0.10, decline 0.15 of the placed; continue 0.85 of the unplaced;
//     new lists over the seats still open).
//
// # The chain of rounds
//
// Each result names its cohort (matching.ResultFile.Fingerprint), its
// round and the fingerprint of the previous round's result
// (matching.Result.Fingerprint, the same from every format of the file);
// a responses file names the result it answers. A round result read
// against the wrong previous result, or responses to another result, is
// refused with one clear error (ChainError, or the OtherResult problem),
// and so is a round computed with another seed, tie-break or reserve
// order than the previous round's (a round re-run under other seeds until
// a favoured student wins would otherwise check); a round result whose
// rows state answers, previous seats or joining rounds that the previous
// result and the responses do not give, with a StandingError. Both, like
// the problems, say themselves in Chinese or English (Text). A round's
// file also records the answers it gave the students who did not answer
// (Options.Placed and Unplaced), which Check takes from it (FileOptions:
// other options given are a ChainError); they are not part of the
// fingerprint, and need not be: the answers they gave are each student's
// row, which the StandingError compares.
//
// # The lottery across rounds
//
// A round's draw belongs to the students, not to their indices, and to the
// round each joined the season in (matching.LotteryRule): Prepare gives
// every student of the previous result the round its row says they joined
// (matching.ResultRow.Joined: 1 for the main round's students, and for
// every student of a file that does not say) and every student new in the
// next cohort the round's number (matching.Standing.Joined). The students
// who joined in the same round draw among themselves in their cohort
// order, and the groups come in the order they joined, so late students
// lose every tie in score against everyone who joined before them.
// Prepare refuses a next cohort that lists two students of one group in
// another order than the previous result (PreviousOrder); students of
// different groups, and late students, may go anywhere. So each group's
// draw is the same in every round from the one it joined, and the rule
// holds exactly for any two students of one group: reversed swaps their
// order from each round to the next, same keeps it, fresh draws anew (each
// group apart, still in the order the groups joined). Round results carry
// each student's joined (JSON "joined", left out for 1; the column
// joined, 加入轮次), so that a round rebuilt from its file draws as it was
// computed, and Check compares it with Prepare's. Under the multiple
// tie-break, positions are drawn by index: add new positions at the end.
//
// # Across rounds
//
// A student who declined or withdrew in an earlier round is out for good
// (an answer from them is a problem). A student who accepted keeps Accept
// without answering again; they may decline later (a planner records an
// enlistment after acceptance), not hold. A holder may hold again, accept
// or decline.
//
// # Determinism and cost
//
// Every function is deterministic: the same inputs and seed give the same
// outputs. Prepare is linear in the inputs and builds a new cohort only
// when a list changes (model.Cohort.WithChoices: validated as model.New
// does, the lists kept as indices); Run costs what Compile and the
// mechanism cost on a main round of the same cohort, or less (fewer
// students take part). No function prints or panics on data, and none
// modifies its inputs.
//
// BenchmarkRound (benchmarks/README.md, "Supplementary rounds": the group
// preset after a student-proposing main round and synthetic responses,
// about 1,300 students given new lists at 5,000), medians on the shared
// two-core development machine, 8 December 2026: a whole round (Prepare
// and Run) 3.6 ms with student-da, 4.0 ms with least-disruption and 10 ms
// with optimal, against 3.9 ms for a fresh main round (Compile and
// student-da) in the same run; at 1,000,000 students 1.8 s against 2.0 s
// (0.92 times). Prepare shares the next cohort's records
// (model.Cohort.WithChoices checks only the students given new lists);
// most of it is those checks and the two fingerprints. The outcomes are
// computed when first asked for.
package round
