// Package matching allocates students to positions with stable mechanisms
// and checks allocations, on a cohort of package model.
//
// # Pieces
//
//   - Instance (instance.go): a cohort compiled once into dense int32 arrays
//     and reused by every mechanism. Each choice becomes an acceptable pair
//     when the student is eligible for the position and the position has no
//     explicit ranking or ranks the student; the pair carries the student's
//     rank of the position (as written: an ineligible earlier choice still
//     counts) and the position's priority rank of the student. Students
//     with no acceptable pair are told apart (empty list, no eligible choice,
//     not ranked). Compile never modifies the cohort.
//   - StudentProposing, PositionProposing, Solve (deferred.go): deferred
//     acceptance, many-to-one with capacities and incomplete lists, giving
//     the student-optimal and the position-optimal stable matchings.
//   - Result (result.go): for each student a position or -1, the rank
//     obtained and, for the unplaced, a Reason; counts by rank, total rank,
//     fills.
//   - Check (check.go, checkcaps.go): every student missing or duplicated,
//     every placement not chosen, ineligible or unacceptable, every
//     capacity, reserve and cap violation and every blocking pair, as
//     Findings. The checkers read the cohort and the
//     instance's lottery draws only, never the compiled pairs, so a bug in
//     compilation or in a mechanism cannot hide itself.
//   - WriteResultJSON, WriteResultCSV, ReadResultJSON, ReadResultCSV
//     (resultfile.go): the result file formats shared by the placement
//     command and the checkers. The CSV result (and the tables of the
//     command's result workbook, resulttable.go) has a row a student: the
//     student's columns (student, student_name, school, school_name, major,
//     level, home_region), the position's (position, position_name,
//     enterprise, enterprise_name, position_region), rank, reason,
//     cohort_fingerprint and the run (mechanism, objective, seed,
//     tie_break, reserve_order; the same on every row, read back into
//     ResultFile as from JSON). WriteResultCSVWith writes it in Chinese too
//     (CSVOptions.Language): the header in the planner's words (学生, 姓名,
//     学校, 学校名称, 专业, 层次, 生源地, 岗位, 岗位名称, 企业, 企业名称,
//     岗位所在地, 志愿位次, 未分配原因, 数据指纹, 分配方式, 目标, 随机种子,
//     抽签方式, 名额顺序; ResultName), the level
//     and the reason too, the IDs, ranks and fingerprint as they are.
//     Readers take the columns in either language (ResultKey, one table of
//     every name a result file uses).
//   - Round results (resultround.go): a result of a round after the first
//     also carries its round, the fingerprint of the previous round's
//     result, that of the responses, the round's lottery rule and each
//     student's answer and previous seat (main-round files carry none and
//     read as round 1). Result.Fingerprint and
//     ResultFile.ResultFingerprint digest an allocation the same from
//     every format; ReadOptions.Previous reads a previous round's result
//     against the next round's cohort, listing the IDs it lacks instead
//     of refusing it (package round prepares, runs and checks rounds).
//   - Reserved seats (reserve.go): a position's Reserved seats are slots
//     with their own priorities (Kominers and Sönmez 2016): a reserve's
//     slots rank its category's members first, then, when unused seats
//     return to open competition, everyone else; seats held empty take
//     members only; the rest are open slots. [ReserveOrder] (a
//     CompileOptions field; ReservedFirst by default) says which slots fill
//     first. Both mechanisms honour them and Check verifies them.
//   - Caps (caps.go): enterprise-wide caps (model.Enterprise.Cap; the
//     two-level capacities of student–project allocation, Abraham, Irving
//     and Manlove 2007) and regional caps (model.Region.Cap), as Kamada
//     and Kojima's flexible deferred acceptance (American Economic Review
//     2015): under a cap that binds, each position first gets up to its
//     target (model.Position.Target, or a share of the cap proportional to
//     its capacity), then the seats left go round robin in cohort order.
//     Caps nest (position, capped enterprise, capped region); a capped
//     enterprise with positions in several regions of which one is capped
//     is refused by the stable mechanisms (Instance.CapsError). Both
//     mechanisms honour the caps and Check verifies them (CapExceeded,
//     CapViolation, blocking pairs under the caps' choice functions).
//   - Cutoffs and refusals (explain.go): the lowest admitted student of
//     each position and seat category, and for each student why each choice
//     ranked above their placement refused them. A Refusal says it in
//     English (Detail, as result files write it) and in fields (the rule,
//     the cutoffs the student fell below, the caps), from which a program
//     words it in the planner's language (cmd/placement does, in zh and en).
//   - Rounds (round.go): a cohort compiled with a [Round] is a round after
//     the first: each student's [Standing] (accept, hold, decline,
//     continue, withdraw) cuts their list and puts the students keeping a
//     seat first at it (see "Rounds" below); [LotteryRule] redraws ties.
//   - SolveOptimal (optimal*.go): the optimal allocation under every quota,
//     by exact min-cost flow (see "Optimal allocation" below); CheckQuotas
//     and CheckCertificate verify it, Compare measures the price of
//     stability, ExportNetwork gives its network for other solvers.
//
// # Optimal allocation
//
// [SolveOptimal] places students to optimise an [Objective] (RankSum, the
// default: most students placed, then least total rank; RankMaximal: most
// first choices, then most second, ...; Generous: most placed, then fewest
// at the worst rank, ...) under hard rules no stable mechanism can promise:
// position capacities and minimum fills, enterprise caps, regional caps and
// floors, seats that reserves hold empty for their categories, and a
// special post for every special-post student. Reserves whose unused seats
// return to open competition (order classes' seats among them) restrict no
// total: an optimum honours quotas, not priorities, so it is in general not
// stable ([Compare] counts its blocking pairs against a stable result).
// The network nests positions in enterprise and region groups; an
// enterprise cap that crosses a regional quota is refused
// (*CrossingQuotasError), never approximated. Criteria are solved in
// phases of exact int64 min-cost flow (package matching/flow), several
// criteria a phase when their mixed-radix weights fit in 2^52, the arcs
// fixed between phases by complementary slackness with the phase's optimal
// potentials; every phase's potentials form the result's [Certificate],
// which [CheckCertificate] verifies from the cohort alone. An infeasible
// cohort gets an *InfeasibleError naming the quotas at fault (floors,
// minimum fills, counties' special-post students) and what limits them,
// from the flow solver's cut, and by how much; when special-post promises
// cannot be kept, each county short and by how many. Brute force on
// thousands of tiny cohorts, with and without every policy, agrees with
// it for every objective (optimal_brute_test.go).
//
// In a round (an instance compiled with CompileOptions.Round), the optimal
// allocation is the round's optimum: the most students placed at the least
// total rank (or the rank-maximal or generous optimum) with nobody who
// holds a seat worse off and every accepted seat fixed. Each student who
// accepted or holds a seat must be placed, a promise to that student kept
// as a hard rule of the network (the student has no way to stay
// unplaced), so the certificate is checked as in a main round, from the
// cohort, the standings ([Instance.Standing]) and the round's lists, which
// stop at the seat (an accepted student's list is the seat; a holder's,
// the choices above it and the seat). Students who declined or withdrew
// stay unplaced and owe no special post. The special-post promise, hard in
// a main round, becomes the first criterion of a round's objective,
// "special-post students placed" (most): the seats kept may leave it no
// room (a special-post student unplaced by a stable main round whose
// listed posts are all kept by others: the group preset after
// student-proposing deferred acceptance), and the planner still needs the
// round's allocation. The optimum places as many special-post students as
// the seats kept and the quotas allow, all of them whenever it can (then
// it is the optimum of the hard rule), and the certificate proves the
// count the most. A special-post student it leaves out is told
// SpecialPostLeftOpen when a special post they may take has a seat free
// (off their list: a list to extend), SpecialPostsFull otherwise.
// Minimum fills and regional floors, hard in a main round, are the next
// criterion of a round's objective, "short of minimum fills and floors"
// (fewest: the sum over the minimum fills and floors of the students each
// lacks): after a stable main round the seats kept may leave a position
// too few applicants (the group preset's P00096 after student-da). In the
// network each is a slack arc beside its quota's arc (see
// optimal_network.go), costed in the phases and fixed like any other, so
// the certificate proves the shortfall the least; when every minimum fill
// and floor can be met the optimum is the one the hard rules would give.
// [Shortfalls] lists those left short, for the planner.
// CheckQuotas reports a guaranteed student left unplaced (QuotaGuarantee),
// a special-post student left out while a choice of theirs could take
// them as the allocation stands (QuotaSpecialPost), and a minimum fill or
// floor short while an unplaced student could go there (QuotaMinFill,
// QuotaFloor). Since Compile refuses seats kept that break a capacity or
// a cap (HeldSeatsError), a compiled round always has an optimum; should
// the solver still find none, the *InfeasibleError names the guaranteed
// students its cut counts (Guaranteed) beside the quotas in conflict, and
// how many would be short at the fewest (GuaranteedShort). Brute force over
// thousands of tiny rounds with every policy, seats withdrawn and added
// and new lists, agrees with it for every objective
// (round_optimal_brute_test.go). A rank-sum round on the group preset (70
// % of the placed accept, 15 % hold; BenchmarkRoundOptimal) took a median
// of 4–5 ms after an optimal main round and 5–7 ms after a stable one on
// the shared development machine, the main round's solve 8–9 ms in the
// same runs: the students keeping a seat have one or a few pairs left.
// The criterion "short of minimum fills and floors" multiplies the costs
// by one more than the sum of the minimum fills and floors (648 on the
// benchmark's cohort) and still fits one phase; the flow solver takes the
// same phases and rounds as before it (27; 120 after a stable main round,
// 136 after an optimal one), and the best of 15 solves was 3.9 and 2.8
// ms, against 3.8 and 2.7 ms before (the medians of two interleaved runs
// on the shared machine were too noisy to rely on: p 0.04 to 0.9), 15 % more
// memory after a stable main round and 0.3 % after an optimal one.
//
// Cost: building each phase's network is O(S + P + C); the flow solver
// dominates. On the group preset with every policy (5,000 students, about
// 62,000 acceptable pairs) one rank-sum solve is one phase (34 phases of
// the flow solver) and took a median of 12–16 ms on the shared development
// machine, depending on its speed (the previous code 17–22 ms in the same
// runs), 13 ms of it in the flow solver at the slower end; rank-maximal
// 68 ms and generous 120 ms, 5 phases each; 100,000 students × 20
// choices, 0.56 s; 1,000,000, 9.5 s.
// Exact lexicographic costs make the solver's primal-dual method take many
// more phases than on its own benchmark network (34 on the group preset;
// benchmarks/README.md has the figures). Memory:
// a rank-sum solve allocates about 64 bytes a pair (1.79 GiB peak at
// 1,000,000 students, cohort generation and compilation included).
//
// # Stability
//
// A matching is stable when no position holds a student its own choice
// function would drop, and there is no student s and position p such that
// s prefers p to their placement (or is unplaced), the pair is acceptable,
// and p's choice function applied to its students and s would take s. At a
// position without reserves that is the usual notion: p has a free seat or
// admits someone of lower priority than s. At a position with reserves it
// reads slot by slot: filling the slots in precedence order, some slot that
// would accept s is empty or holds a student of lower priority than s under
// that slot's priority. Under caps the notion is that of the group of
// positions under a topmost cap, taken as one: the group's choice function
// (caps.go) keeps every student it holds, and no student s and position p
// of the group are such that s prefers p, the pair is acceptable, and the
// group's choice from its students and (s, p) takes (s, p); a student is
// refused by a position with a free seat, or holding someone of lower
// priority, only because a cap above it is full and the round robin gives
// the position no seat more (Kamada and Kojima's stability). Each
// position's and each group's choice function is substitutable and never
// takes fewer students from more, so student-proposing deferred
// acceptance gives the student-optimal stable matching and
// position-proposing the student-pessimal one, as brute force over
// thousands of tiny cohorts with every policy confirms.
//
// # Rounds
//
// After a round's result is published, students answer it, and a
// supplementary round places the students still in the market on the
// seats still open. [CompileOptions].Round compiles such a round from the
// cohort of the round (seats added or withdrawn, new students, new lists)
// and each student's [Standing]:
//
//   - Accept at q: the student's only acceptable pair is (s, q), formed
//     even when q's rules or ranking changed since (the seat was
//     promised); its rank is q's place in the student's list.
//   - Hold at q: the acceptable pairs ranked above q, then (s, q): the
//     student keeps q and may rise.
//   - Decline, Withdraw: no pair; the student is unplaced, reason Declined
//     or Withdrew.
//   - NoAnswer, Continue: as in a main round.
//
// The students who accept or hold q are q's keepers. At q they come
// before everyone else in every slot they may fill (a seat held empty for
// a category takes its members only), in their usual order among
// themselves: q's choice function fills its slots twice, first with
// keepers only, then with the others in precedence order, so that a
// budget cuts the others first. The keepers' pass visits the seats held
// empty for a category first, then the others, each in precedence order;
// each seat takes the keeper it ranks highest among those whose taking it
// leaves the most of the other keepers seatable in the seats after it, so
// that it seats them all whenever some assignment to the slots does. Under caps, the units of seats q needs for its keepers come
// before targets and round robin. A round is a market like any other, with
// these lists and choice functions, and round-stable means stable in it:
// no position (capped group) would drop a student it holds, and no
// student and position (acceptable in the round) would both rather be
// together.
//
// Guarantees. The keepers of each q are always chosen, by both stable
// mechanisms and under every policy. Let G be q's keepers. Compile
// requires that some assignment of G to q's slots seats them all (so q's
// choice from G alone takes all of G) and that no cap is below the
// keepers under it, else it returns a *HeldSeatsError naming the position
// or cap. When no seat or cap was withdrawn and no rule changed, G fits:
// it sat together at q in the previous round, whatever the keepers' order
// among themselves now (under a reversed lottery, the keeper who took a
// seat held empty for order class O1 may now come before one who took the
// one held for county C1 and could take either). From any set A of
// applicants, the first pass fills the slots with G ∩ A exactly as it
// would from G ∩ A alone, and C_q(G ∩ A) = G ∩ A by substitutability
// again; the caps' greedy hands out the keepers' units first, and they fit
// under every cap, so q gets at least |G ∩ A| seats and its budget cuts no
// keeper. So a keeper is never rejected at their seat: student proposing
// leaves them there or higher, position proposing offers them the seat
// and they hold it or better, and every round-stable allocation places an
// accepted student at their seat and a holder at or above it (else the
// seat and they would block). Check verifies all of it from the cohort
// and the standings (AcceptedMoved, HolderWorse, LeaverPlaced, and
// blocking pairs with the round's lists and priorities).
//
// Mechanisms. The round's choice functions are substitutable and satisfy
// the law of aggregate demand (a fixed priority order a slot, and a
// greedy on a laminar matroid with a fixed unit order), so
// StudentProposing gives the student-optimal round-stable allocation
// (student-da) and PositionProposing the student-pessimal one. The
// student-pessimal one is the least-disruption allocation
// ([LeastDisruption]): a holder is moved only upwards (guarantee), so if
// it moves holder h, h is placed above their seat in it, hence in every
// round-stable allocation, which each place h at least as well: its
// moved holders are a subset of every round-stable allocation's, the
// fewest possible (Gajulapalli, Liu, Mai and Vazirani 2019 find the
// least-disruption allocations of a two-round market a sublattice).
// Student-da is not least-disruption: two holders who each hold the
// other's first choice swap under student-da and stay under
// least-disruption (TestRoundStudentDAMovesMoreHolders keeps the round
// the brute force found). Brute force over thousands of tiny rounds with
// every policy confirms both mechanisms, the guarantees and Check
// (round_brute_test.go).
//
// Lottery. [LotteryRule] (Round.Lottery) says how the round breaks ties in
// score. The draw belongs to the students, not to their indices, and to
// the round each joined the season in (Standing.Joined): the students who
// joined in the same round form a group that draws among itself, in its
// cohort order: the main round's students as the main round drew them,
// the students who joined in round k from the seed splitmix(seed ^ k).
// Students added to the cohort (anywhere) change no other student's
// draw, and the groups come in the order they joined: a late registrant
// loses every tie in score against everyone who joined before them. The
// rule applies to each group relative to the round k it joined:
// ReversedLottery, the default, reverses the group's draw r−k times in
// round r (n−1−d under the single tie-break, the complement of the hash
// under the multiple one), so any two students of one group swap their
// order exactly from each round to the next; SameLottery keeps each
// group's draw; FreshLottery redraws each group in each round, with the
// seed splitmix(s ^ Number) for s the group's seed. Reversing is the default because Feigenbaum,
// Kanoria, Lo and Sethuraman (2020) show that re-running deferred
// acceptance in the second round with the lottery reversed reassigns the
// seats freed by cancellations efficiently while keeping the two rounds
// strategy-proof: those who lost ties in the first round win them in the
// second, so freed seats cascade to them instead of back to those the
// first draw favoured.
//
// Cost. A round compiles in the time of a main round plus O(K log K) at
// each position with K applicants of which some are keepers (moving
// them first) and O(B·G) to check that the keepers fit; a main round
// (Round nil) does no per-pair work more. The mechanisms and Check keep
// their bounds (the keepers' pass at a position with reserves is O(B·K)
// like the other).
//
// # Priorities and tie-breaking
//
// A position with an explicit ranking orders students as it lists them and
// finds every student it omits unacceptable (an ordinary outcome, not an
// input error). Any other position puts a higher score first and breaks
// equal scores with a seeded lottery ([CompileOptions]): SingleTieBreak
// draws one random permutation of all students, used at every position;
// MultipleTieBreak draws an independent order for each position (a 64-bit
// hash of seed, position and student, ties of the hash going to the lower
// student index). Stability is always meant for these tie-broken
// priorities.
//
// # Complexity
//
// For S students, P positions, C choices and R ranking entries: Compile
// takes O(C + R + S log S) time (plus sorting runs of equal scores under
// MultipleTieBreak) and O(S + P + C) memory; StudentProposing
// O(S + P + C log K) for the largest capacity K, PositionProposing
// O(S + P + C); Check O(S + P + C + R). Positions with reserves cost more:
// O(B·K) a proposal for B blocks of slots under student proposing, O(B·A)
// a refusal for A applicants under position proposing, and O(K log K +
// B·K) a choice checked by Check. Caps add O(depth·log U) a proposal that
// a capped position would accept under student proposing (U the units held
// under a cap), O(N·depth) each time a capped position's demand falls below
// its seats under position proposing (N the positions under its topmost
// cap), and O(U log U) once to Check. The proposal loops allocate nothing,
// except the lists of students held by positions with reserves as they
// grow. The explanations (cutoffs, refusals, special posts by county) are
// computed once a result, on first use, in O(S log K + C + Σ B·K).
// On the 100,000-student, 20-choice benchmark a solve takes a few tens of
// milliseconds on one core; see package benchmarks.
//
// # Determinism and concurrency
//
// The same cohort, seed and tie-break give the same instance, the same
// results and the same bytes from the writers, on any machine and with any
// GOMAXPROCS: the mechanisms are sequential, no map is iterated, and
// lotteries come from math/rand/v2's PCG and a fixed hash. Instances and
// Results are immutable and safe for concurrent use. Mechanisms check their
// context every few thousand proposals and report progress through
// Options.Progress. No function of this package prints, and none panics on
// data.
package matching
