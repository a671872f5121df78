// Package flow is an exact minimum-cost flow solver for the placement engine,
// with a certificate that anyone can check without trusting the solver.
//
// It imports nothing else of this repository and can be used on its own.
//
// # Pieces
//
//   - Network (network.go): nodes 0..n-1 with integer supplies and optional
//     names; arcs with int64 lower bounds, capacities (Infinite for none) and
//     costs (|cost| ≤ MaxCost = 2^60), added one by one (AddArc) or, for a
//     tail's arcs of capacity 1, in one batch (AddUnitArcs).
//   - Solve (solve.go, primaldual.go): returns a Result with the flow on every
//     arc, the optimal cost and node potentials (the LP duals); or an error
//     wrapping ErrInfeasible (with a cut that proves it, *InfeasibleError),
//     ErrUnbounded (with a negative cycle of infinite capacity,
//     *UnboundedError), ErrOverflow, or the context's error.
//   - Check, CheckInfeasible, CheckUnbounded (check.go): verify an optimal
//     solution (bounds, conservation, complementary slackness with the
//     potentials, objective), an infeasibility cut (Hoffman's condition), or
//     an unbounded cycle, from the network alone. They share no code with the
//     solver and compute in 128-bit integers.
//   - ReadDIMACS, WriteDIMACS, WriteSolution (dimacs.go): the DIMACS
//     min-cost flow format ("p min N M", "n ID SUPPLY", "a FROM TO LOW CAP
//     COST", "c" comments) and its solution lines ("s COST", "f FROM TO FLOW").
//
// # Exactness
//
// All arithmetic is int64 and exact; there is no epsilon anywhere. Every
// quantity that could leave int64 is checked: supply totals, lower-bound
// shifts, potentials (kept within ±2^60, which with |cost| ≤ 2^60 keeps every
// reduced cost and tentative distance of the inner loops inside int64), the
// cost of an unbounded cycle and the objective. Going past a limit returns an
// error wrapping ErrOverflow, never a wrong answer.
//
// # Algorithm
//
// Solve uses a primal-dual method (Ford and Fulkerson's "phased" successive
// shortest paths). Lower bounds are shifted into the supplies. If an arc of
// Infinite capacity has a negative cost, Bellman–Ford over those arcs either
// finds a negative cycle of infinite capacity (then the problem is unbounded
// if it is feasible, which a zero-cost solve decides) or gives potentials
// under which they all have non-negative reduced cost; finite arcs of
// negative reduced cost are then saturated. From there every residual arc has
// a non-negative reduced cost, and each phase
//
//  1. runs Dijkstra's algorithm in reduced costs over Dial's bucket queue
//     (up to 4096 buckets, 64 at first; larger distances, as with the
//     exponential costs of rank-maximal or generous objectives, go to a
//     binary heap), from the
//     side with fewer terminal nodes: backwards from the deficit nodes when
//     there are no more of them than excess nodes (placement networks: one
//     sink against thousands of students), else forwards from the excess
//     nodes. It stops as soon as every node closer than the nearest
//     terminal of the other side, at distance D, is settled (nodes at D or
//     beyond are not even queued), and moves the potential of every node
//     settled at distance d < D by D − d (up near the deficits, down near
//     the excesses), so that every shortest path between the two sides gets
//     zero reduced cost and no reduced cost becomes negative;
//  2. updates the admissible graph, the arcs of zero reduced cost (on
//     placement networks about a tenth of the arcs), and runs Dinic's
//     maximum-flow algorithm on it, its level graphs searched from the same
//     side as the Dijkstra, until no admissible path from an excess to a
//     deficit remains, or no excess or no deficit. A level-graph search
//     labels, at its last level, only the terminals the max-flow starts
//     from, and each search's levels start above the previous one's, so
//     that none need resetting.
//
// The admissible graph (its own adjacency arrays, residual capacities and
// reverse entries, with some free room after each node's entries) is kept
// from phase to phase and updated in place, not rebuilt: only the nodes the
// last search settled closer than D moved, so an arc stays if neither end
// moved or both moved by as much, and is removed otherwise; the arcs that
// reached zero reduced cost are among those the search relaxed from a moved
// node, which it lists, and join it (a node out of room has its entries
// moved to the end of the arrays). Each entry's head carries in its sign
// bit, as each residual position's does, whether the arc back into its node
// has residual capacity: what a backward level search asks of every entry,
// without a read of the reverse entry. After the max-flow only the entries
// on augmenting paths are copied back to the residual network.
//
// After a phase the shortest augmenting path is strictly longer, so there are
// at most as many phases as distinct shortest-path lengths. On the placement
// networks of the benchmarks, with ranks 1..k, that was fewer than k: 6 to 8
// phases for k = 10, 20 and 500. When no deficit node can be
// reached, the nodes that can still reach a deficit (or, with surplus supply,
// that an excess can reach) form the infeasibility cut.
//
// Complexity: O(m + n) to set up, then per phase O(n + B + Σ deg) for the
// search (B the buckets scanned, Σ deg the degrees of the nodes it settles),
// O(Σ zdeg + c) to update the admissible graph of z arcs (Σ zdeg the zero
// arcs at the moved nodes, c the arcs the search relaxed at distances up to
// D), and F for the Dinic max flow on it (O(n²·z) in the worst
// case, O(z·√n) on unit-capacity networks); in all O(P·(m + n + B) + P·F)
// with P phases. P is at most the total supply, so the method is
// pseudo-polynomial in the worst case, though small on placement networks.
// Bellman–Ford, when needed, adds O(n·m). Memory: 24 bytes per arc for the
// residual network (costs and residual capacities are stored in int32 when
// they all fit, up to 40 otherwise; whether a position's reverse has
// residual capacity rides in the sign bit of its head), about 40 per arc
// of zero reduced cost and 8 more per arc for the admissible graph's room
// and free space (an eighth of each node's degree, and as much again after
// the last node; 50 and 10 with int64 residual capacities; more free space
// if that graph is large: half as much again as its room), about 110 per
// node,
// plus the Result (8 bytes per arc and per node), whose flow array holds
// the table of reverse positions until the flows are written and whose
// potentials are the solver's own. The Network
// itself takes 16 bytes per arc while its costs and capacities fit in
// int32 (12 for the leading run of arcs of capacity 1, as on assignment
// networks; up to 24 otherwise, 8 more from the first arc with a lower
// bound on), and 4 per node
// for the degrees AddArc and AddUnitArcs count so that the set-up need
// not (with a few flags and the list of arcs that start away from zero),
// and 16 per node for the names from the first node named on (placement
// networks name none of their students); once the
// residual network is laid out the solver keeps only the arcs' tails,
// lower bounds and the node names, and on a network of 4 Mi arcs or more
// it runs one garbage collection there (see Solve), so that a caller that
// lets go of the Network gets the rest back before the solver's own
// allocations.
//
// # Why this algorithm
//
// Candidates were measured during development on the generated placement
// networks of the benchmarks (internal/gen; same machine, same session):
//
//   - Successive shortest paths (one augmenting path per Dijkstra; kept as
//     Options.Algorithm = SuccessiveShortestPaths, a test oracle) needs one
//     Dijkstra per unit of supply: 3.1 s instead of 0.03 s on the
//     5,000-student network, hopeless beyond.
//   - Primal-dual with a depth-first "any path" max-flow per phase instead of
//     Dinic: 2,294 rounds instead of 28 on the 100,000-student network, over
//     a hundred times slower. Discarded.
//   - Primal-dual with Dinic over the whole residual network: 4–6 s on the
//     100,000-student network (the machine is shared and noisy); over the
//     extracted admissible graph, indexing the residual arrays: about 1.2 s;
//     with the admissible graph's own residual and reverse arrays (kept):
//     about 1.0 s, and 20–27 s instead of 31 s on the 1,000,000-student
//     network.
//   - Searching from the excess nodes only (the first version): on the
//     5,000 × 10 network, after the first phase, most students left with
//     excess are stuck behind full positions, and every Dijkstra and every
//     Dinic level graph from them covered nearly the whole network (about
//     5,000 of 5,611 nodes per round) to route a handful of units (40 in
//     six rounds in phase 6, 8 in two in phase 7). Backwards from the one
//     sink, the searches reach only what can still reach it: 50–600 nodes
//     per Dijkstra, 30 to 2,700 per level graph, the same phases and
//     rounds. Solver instructions per solve (cachegrind, noise-free on
//     this shared machine): 149 M, then 75 M; rebuilding the admissible
//     graph by a scan of all arcs every phase was then a quarter of the
//     rest (updated instead: 57 M); with a
//     leaner set-up, write-back of changed entries only and the early stop
//     of Dijkstra: 43.5 M, about 10 ms against 23 ms before (go test
//     -bench: 8.3 ms against 22.7 ms).
//   - The phase loop on the network of the matching benchmarks (group
//     preset, every policy, rank-sum; 34 phases, the first at D = 0, 31
//     at D = 1, then D = 4 and D = 62,125, the cost of leaving a student
//     unplaced, which the pool arc carries; 216 Dinic rounds).
//     Instructions per SolveOptimal,
//     cachegrind: 117.0 M before, 105.6 M after these (the flow
//     package's own, on BenchmarkOptimalFlow: 94.8 M and 83.6 M), none
//     changing a flow, potential, phase or round: the level searches
//     giving the max-flow its sources' range of the queue instead of the
//     whole queue (which it scanned every round), the queue written by
//     index (112.2 M); a first bound on D, the last phase's (112.6 M: with
//     the pool node the far candidates it saved listing, the sink's arcs
//     from every student, are gone, and a short guess costs a second
//     search); levels stacked instead of reset, and only terminals
//     labelled at the last level (110.2 M); terminals counted rather than
//     the source list filtered every phase (109.0 M); the augmenting
//     search's stacks kept across sources (107.7 M); entry arrays indexed
//     rather than sliced per node in the backward level search and the
//     augmenting search (106.0 M); no guess at D right after a short one,
//     and no level search once nothing is left to route (105.6 M; without
//     the first bound at all: 105.7 M). The first bound was then taken
//     out again: 0.1 % is no reason for a second search path.
//     Tried and dropped: a bounded search skipping a node's far run of
//     arcs, those whose reduced costs were above 1,024 when last computed
//     (valid while the phases' D since then leave them beyond the bound).
//     Before the pool node the sink's arcs from the students formed such a
//     run, and skipping it saved 5 % of the phase loop; now the sink has
//     none, and applied to any settled node of 256 arcs or more it cost
//     1.6 M more a solve (the pool, about 62,000 away, is never settled by
//     a bounded search). Tried and dropped before the pool node (figures
//     of the phase loop alone, then 75–77 M): augmenting along exact
//     distance labels repaired by relabelling (a shortest augmenting path
//     method with the gap rule), one search per phase instead of one per
//     round: 175 M for the max-flows instead of 40 M, its 156,000 relabels
//     scanning 1.9 M entries; level graphs holding the sources of every
//     level (71 rounds instead of 216, but the searches 61 M instead of
//     29 M and the augmenting 29 M instead of 11 M; up to two levels past
//     the first source: 107 rounds, 86 M in all instead of 77 M);
//     replaying the unchanged start of the last round's level search (the
//     sink lies on every augmenting path: no start survives); the backward
//     Dijkstra's arc loop split off, freed of calls (relaxations queued
//     after it) or indexing the arrays directly: 4–35 % more instructions
//     for it, the compiler keeping fewer of its variables in registers.
//   - A fourth round on the same network (solver and set-up, none
//     changing a flow, potential, phase or round; SolveOptimal from
//     101.9 M to 58.8 M instructions, the wall clock 27–31 % faster, the
//     searches being bound by memory access): each step with its figures
//     is in "Speed, fourth round" of README.md at commit d048af6. The
//     kept ones: a call-free path in AddArc and AddUnitArcs for the
//     leading run of unit arcs; layout and read-out loops that call
//     nothing; the backward Dijkstra's scan of a settled node in a tight
//     loop that skips the arcs beyond the bound and stops at the next one
//     within it;
//     room by degree in the admissible graph and its first layout from
//     one sweep over the zero costs; the level search stopping at the
//     first source it labels and the augmenting search keeping its path
//     in arrays of the level's length; each entry's flag for the arc back
//     (no read of the reverse entry), a byte per node for excess, a node's
//     span and current entry in one record, potentials and distances
//     apart (L1 misses −37 % in all, cachegrind). Tried and dropped:
//     level graphs kept across Dinic rounds and repaired after each
//     blocking flow (exact, as in Even and Shiloach's method: 100,000
//     labels instead of 180,000, but 98,000 level raises, each scanning a
//     node's entries twice, 122 M instructions instead of 102 M); the
//     Dijkstra's scan in two passes through a buffer, or not inlined and
//     listing the candidates itself (0.4 to 6 M more: spilled registers);
//     zero-cost arcs listed by the layout (1 M more, likewise); unchecked
//     indexing in the level and augmenting searches (3.1 M fewer, not
//     taken: a broken invariant would corrupt memory, not panic).
//   - LEMON's NetworkSimplex, the external reference (benchmarks/flow):
//     see benchmarks/README.md for the figures, measured side by side
//     on the same files: this package is faster on all four benchmark
//     networks, 2.5 times (median; 1.7–3.0) on the smallest, where the
//     first version was only level with it, and 4–7 times on the others.
//
// A network simplex and a cost-scaling push-relabel were not written: the
// primal-dual method already needs only 6–8 phases on these networks (the
// ranks are small integers, so the shortest-path lengths are few), and its
// phases are linear scans that suit large sparse networks.
//
// # Determinism and ties
//
// Solve is deterministic: the same network and options give the same flows,
// potentials and diagnoses. Residual arcs are scanned in arc-index order,
// the searches start from the excess or deficit nodes in node order, equal
// tentative distances leave the bucket queue last-in first-out and the heap
// by node index, a max-flow round takes its sources in the order its
// level-graph search labelled them, and each node of the admissible graph
// lists its arcs in the order they joined it, but that a removed entry's
// place goes to the node's last; the flow returned among several optimal
// ones is the one these rules produce.
// Unbounded cycles start at their smallest arc index; cuts list nodes in
// increasing order.
//
// # Concurrency
//
// Solve and the checkers only read the Network; any number may run at once
// on the same network, as long as nobody modifies it meanwhile. Solve never
// modifies its input.
package flow
