// Package synth generates synthetic cohorts for tests, examples and
// benchmarks: seeded, reproducible and valid by construction.
//
// # Presets and configuration
//
// [Config] describes a cohort; its zero value is a plain market of 5,000
// students and 500 positions. [Group] returns the preset that mirrors the
// reference vocational education group of the domain brief: 14 schools
// (one higher vocational college and 13 secondary schools, two of them
// outside the prefecture), 8 counties, the high-tech zone ("HTZ", kind
// Zone) and the out-of-province region ("OOP", capped at 30% of the
// students), 12 majors with Chinese names, the four national enterprises
// (a short-video platform in Beijing, a state grid's energy services arm,
// a car maker in Shanghai, a car group) and local industrial parks,
// agricultural parks, tourist sites and trade-logistics zones, about 5,000
// students of whom about 190 special-post students, about 200 special
// posts spread over the counties, order classes, county reserves,
// enterprise caps, minimum scores, minimum fills and floors. Group's scale
// multiplies the students, positions, enterprises and the policies that
// come with them: scale 20 gives about 100,000 students, scale 200 about
// 1,000,000.
//
// # Distributions
//
// Gonum's stat/distuv draws, all from the seeded stream:
//   - scores: Normal(500, 80), clipped to 0..750 and rounded to 0.5;
//   - capacities: proportional to LogNormal(0, 0.6) weights, scaled so
//     that the ordinary seats are about Config.SeatRatio (1.1) times the
//     ordinary students, each in 1..max(40, 4×mean);
//   - popularity of a position, shared by all students:
//     Normal(0, Config.Popularity), national firms half a unit higher;
//   - a student's utility for a position: popularity + Normal(0,
//     Config.Noise) + Config.HomeBias in the home region (half of it in a
//     neighbouring county or the high-tech zone) + 1.5 at the sponsor of
//     the student's order class;
//   - list length: uniform in [Config.MinChoices, Config.MaxChoices], cut
//     to the number of positions the student is eligible for;
//   - minimum scores: Normal(480, 50), clipped to 300..650, rounded to 10.
//
// A student never scores every position. The positions open to a major
// (and, for special-post students, the special posts of a county) form a
// pool with an alias table weighted by exp(popularity); a student draws
// 2×k distinct candidates from their major's pool and up to k/2 from its
// part in their home region, filters them by minimum score, adds their own
// noise and bias, and keeps the best k. Generation therefore takes time
// O(Students × MaxChoices + Positions), about a second per 100,000
// students with 20 choices, whatever the number of positions.
//
// # Guarantees
//
// A generated cohort passes [model.New] with no errors. Every choice of
// every student is eligible ([model.Eligible]): ordinary students choose
// only ordinary positions that accept their major and whose minimum score
// they meet; special-post students choose only the special posts of their
// home county. The only warnings are counties that offer more special
// posts than they have special-post students (Config.SpecialPostSlack).
//
// Minimum fills and floors are set from a witness allocation: every
// special-post student at a distinct special post of their county, put on
// their list, then every other student at their first listed position with
// room under position capacity, enterprise cap and region cap. Each
// minimum fill and floor is at most half of what the witness places there,
// so all of them, the caps and the special-post promise can be met at
// once. Order-class reserves sit on a position of the sponsor that accepts
// the class's major, which every member lists.
//
// # Determinism
//
// The same Config gives the same cohort, byte for byte in [model.WriteJSON],
// on any machine and with any GOMAXPROCS. Each stage draws from its own
// math/rand/v2 PCG stream derived from Config.Seed; students' lists are
// drawn in chunks of 4,096 students, each with its own stream, so the
// workers that draw them in parallel do not change the result. No map is
// iterated in generation. IDs are short and fixed-width: "S0000001",
// "P00001", "E0001", "G1" (a county's special-post employer), "SC01",
// "C1", "HTZ", "OOP", "M01", "O01".
package synth
