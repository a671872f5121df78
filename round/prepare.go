package round

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Options tunes [Prepare]. A nil *Options means the zero value.
type Options struct {
	// Placed is the answer of a student placed in the previous round who
	// does not answer: Accept, Hold or Decline. Zero means Accept: a
	// student who says nothing keeps their seat and leaves the market.
	// (A student who accepted in an earlier round and says nothing keeps
	// Accept whatever Placed says.)
	Placed model.Answer
	// Unplaced is the answer of a student unplaced in the previous round
	// who does not answer: Continue or Withdraw. Zero means Continue: the
	// student takes part in the round with their list.
	Unplaced model.Answer
	// Lottery is the round's lottery rule; zero means ReversedLottery
	// (see [matching.LotteryRule]).
	Lottery matching.LotteryRule
}

func (o *Options) placed() model.Answer {
	if o == nil || o.Placed == model.NoAnswer {
		return model.Accept
	}
	return o.Placed
}

func (o *Options) unplaced() model.Answer {
	if o == nil || o.Unplaced == model.NoAnswer {
		return model.Continue
	}
	return o.Unplaced
}

func (o *Options) lottery() matching.LotteryRule {
	if o == nil {
		return matching.ReversedLottery
	}
	return o.Lottery
}

// Prepare checks the next cohort, the previous round's result and the
// responses together and returns the cohort of the round (next, with the
// new lists of the students who continue) and the [matching.Round] to
// compile it with. prev is the previous result read against next
// ([matching.ReadOptions].Previous); resp may be nil (nobody answered:
// every student takes the defaults of opts).
//
// A student's standing comes from their answer, else (no response, or a
// blank answer: model.NoAnswer) the default:
//   - placed in the previous round: accept, hold or decline (default
//     Options.Placed, Accept); a student who accepted in an earlier round
//     keeps Accept unless they decline, and may not hold;
//   - unplaced: continue or withdraw (default Options.Unplaced, Continue),
//     continue with a new list (Response.Choices) or with their list in
//     next;
//   - declined or withdrew in an earlier round: out for good, with that
//     standing;
//   - new (in next, not in prev): continue or withdraw, or nothing (a free
//     participant).
//
// It returns a *[ProblemsError] listing every problem at once, each
// located in its input (responses line, previous result row, cohort
// record): unknown students, responses of another result, answers that do
// not fit the student's place, held or accepted seats at positions gone,
// off the holder's list, or beyond the seats or caps left, new lists
// naming unknown positions or a position twice, a previous result
// listing no student or fewer than its StudentsTotal (rows lost),
// students of the previous result who joined in the same round listed in
// another order by next (the round's lottery follows the order of each
// group of students who joined together: see matching.LotteryRule;
// students new in next may come anywhere, and get Standing.Joined the
// round's number; the others keep the round they joined, from the
// previous result's rows), and a
// previous round number past any season's. A new list with a blank
// answer continues an unplaced or new student with it. The round's number is the previous result's
// plus one, its Previous the previous result's fingerprint
// ([matching.ResultFile.ResultFingerprint]), its Responses resp's, its
// Placed and Unplaced the defaults applied, and its GaveBack the seats
// the students who decline in it gave back.
//
// Prepare never modifies its inputs. It takes time linear in the inputs;
// it builds a new cohort only when a list changes
// (model.Cohort.WithChoices: validated as model.New does, the lists kept
// as indices), and returns next itself otherwise. It checks ctx once, before
// building.
func Prepare(ctx context.Context, next *model.Cohort, prev *matching.ResultFile, resp *model.Responses, opts *Options) (*model.Cohort, *matching.Round, error) {
	if next == nil || prev == nil {
		return nil, nil, fmt.Errorf("round: prepare needs the next cohort and the previous result")
	}
	var probs []Problem
	add := func(p Problem) { probs = append(probs, p) }
	placedDefault, unplacedDefault := opts.placed(), opts.unplaced()
	switch placedDefault {
	case model.Accept, model.Hold, model.Decline:
	default:
		add(Problem{Kind: BadOption, Source: Responses, Answer: placedDefault, Table: "placed"})
	}
	switch unplacedDefault {
	case model.Continue, model.Withdraw:
	default:
		add(Problem{Kind: BadOption, Source: Responses, Answer: unplacedDefault, Table: "unplaced"})
	}
	nS := next.NumStudents()
	st := next.Students()
	prevRound := max(prev.Round.Number, 1)
	if prevRound >= maxRound {
		add(Problem{Kind: BadRound, Source: Previous, Round: prevRound})
		prevRound = 1
	}
	// The two fingerprints (a sort and a hash of every row each) while
	// the rows are checked.
	var prevFP, respFP string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		prevFP = prev.ResultFingerprint()
	}()
	if resp != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			respFP = resp.Fingerprint()
		}()
	}

	// The responses first: their problems come first, in line order.
	gaveBack := make([]string, nS)   // the seats declined in this round, by student
	byStudent := make([]int32, 2*nS) // respOf and rowOf, one allocation
	for s := range byStudent {
		byStudent[s] = -1
	}
	respOf, rowOf := byStudent[:nS:nS], byStudent[nS:]
	var rs []model.Response
	if resp != nil {
		rs = resp.Responses
	}
	idx := &indexer{c: next, st: st}
	for i := range rs {
		r := &rs[i]
		s, ok := idx.student(r.Student)
		switch {
		case !ok:
			add(Problem{Kind: UnknownStudent, Source: Responses, Line: r.Line, Student: r.Student})
		case respOf[s] >= 0:
			add(Problem{Kind: RepeatedResponse, Source: Responses, Line: r.Line, Student: r.Student})
		default:
			respOf[s] = int32(i)
		}
	}

	// The previous result's rows, by student of next.
	var prevProbs []Problem
	listed := 0 // the distinct students of the previous result (those next lacks counted by row)
	idx.next = 0
	for i := range prev.Rows {
		row := &prev.Rows[i]
		s, ok := idx.student(row.Student)
		switch {
		case !ok:
			prevProbs = append(prevProbs, Problem{Kind: MissingStudent, Source: Previous, Row: row.Where(), Student: row.Student})
			listed++
		case rowOf[s] >= 0:
			prevProbs = append(prevProbs, Problem{Kind: RepeatedStudent, Source: Previous, Row: row.Where(), Student: row.Student})
		default:
			rowOf[s] = int32(i)
			listed++
		}
	}
	// A result that lists fewer students than it says it has, or none,
	// lost rows: its students would be taken for new ones.
	if listed == 0 || listed < prev.StudentsTotal {
		prevProbs = append(prevProbs, Problem{Kind: IncompletePrevious, Source: Previous, N: listed, M: prev.StudentsTotal})
	}

	cohortProbs := outOfOrder(prev, idx, rowOf)
	standings := make([]matching.Standing, nS)
	// The seats kept that the cohort cannot take (positions gone, seats
	// or caps cut): listed first, one a position or cap.
	var seatProbs []Problem
	goneAt := map[string]int{}
	kept, offList := 0, 0        // seats kept; of them off the holder's list
	var newLists map[int][]int32 // by student: the new list, as position indices
	guar := make([]int32, len(next.Positions()))
	var arena []int32  // the new lists' backing
	var onList []int32 // onList[p] == s+1: p is on student s's new list already
	withLists := 0
	for i := range rs {
		if rs[i].HasChoices {
			withLists++
		}
	}
	anyGuar := false
	for s := range standings {
		standings[s] = matching.Standing{Seat: -1, Joined: joinedIn(prev, rowOf[s], prevRound)}
		var r *model.Response
		if i := respOf[s]; i >= 0 {
			r = &rs[i]
		}
		// A blank answer (a planner's sheet listing every student) is no
		// answer: the default applies, as for a student not listed.
		answered := r != nil && r.Answer != model.NoAnswer
		bad := func(k Kind, a model.Answer) {
			add(Problem{Kind: k, Source: Responses, Line: r.Line, Student: st[s].ID, Answer: a, Default: !answered})
		}
		var a model.Answer
		ri := rowOf[s]
		switch {
		case ri < 0: // new in this round
			if answered {
				a = r.Answer
				if a != model.Continue && a != model.Withdraw {
					bad(NewStudentAnswer, a)
				}
			}
		case prev.Rows[ri].Position == "" && (prev.Rows[ri].Answer == model.Decline || prev.Rows[ri].Answer == model.Withdraw):
			a = prev.Rows[ri].Answer
			if answered || (r != nil && r.HasChoices) {
				add(Problem{Kind: OutForGood, Source: Responses, Line: r.Line, Student: st[s].ID, Earlier: a, Round: prevRound})
			}
		case prev.Rows[ri].Position != "":
			row := &prev.Rows[ri]
			a = placedDefault
			if row.Answer == model.Accept {
				a = model.Accept
			}
			if answered {
				a = r.Answer
				switch {
				case a == model.Hold && row.Answer == model.Accept:
					add(Problem{Kind: HoldAfterAccept, Source: Responses, Line: r.Line, Student: st[s].ID, Position: row.Position, Round: prevRound})
				case a != model.Accept && a != model.Hold && a != model.Decline:
					add(Problem{Kind: UnplacedOnlyAnswer, Source: Responses, Line: r.Line, Student: st[s].ID, Position: row.Position, Answer: a})
				}
			}
			if a == model.Decline {
				gaveBack[s] = row.Position
			}
			if a != model.Accept && a != model.Hold {
				break
			}
			q, ok := next.PositionIndex(row.Position)
			if !ok {
				// One problem a position gone, with the students keeping it.
				g, seen := goneAt[row.Position]
				if !seen {
					g = len(seatProbs)
					goneAt[row.Position] = g
					seatProbs = append(seatProbs, Problem{Kind: SeatGone, Source: Cohort, Table: "positions", ID: row.Position, Position: row.Position, Answer: a})
				}
				seatProbs[g].Students = append(seatProbs[g].Students, st[s].ID)
				seatProbs[g].M++
				kept++
				break
			}
			kept++
			if !slices.Contains(next.Choices(s), int32(q)) {
				cohortProbs = append(cohortProbs, Problem{Kind: SeatOffList, Source: Cohort, Table: "students", ID: st[s].ID, Student: st[s].ID, Position: row.Position, Answer: a})
				offList++
				break
			}
			standings[s].Seat = int32(q)
			guar[q]++
			anyGuar = true
		default: // unplaced in the previous round
			a = unplacedDefault
			if answered {
				a = r.Answer
				if a != model.Continue && a != model.Withdraw {
					bad(PlacedOnlyAnswer, a)
				}
			}
		}
		standings[s].Answer = a
		if r == nil || !r.HasChoices {
			continue
		}
		if !answered && ri < 0 {
			a = model.Continue // a new student's new list, without an answer: they continue with it
			standings[s].Answer = a
		}
		if a != model.Continue {
			if ri < 0 || prev.Rows[ri].Position != "" || (prev.Rows[ri].Answer != model.Decline && prev.Rows[ri].Answer != model.Withdraw) {
				bad(ChoicesNotContinue, a) // (out for good: said above)
			}
			continue
		}
		if len(arena)+len(r.Choices) > cap(arena) { // the lists share a few arrays
			arena = make([]int32, 0, max(len(r.Choices), 1<<14))
		}
		list := arena[len(arena) : len(arena) : len(arena)+len(r.Choices)]
		ok := true
		if onList == nil {
			onList = make([]int32, len(next.Positions()))
		}
		for _, id := range r.Choices {
			p, found := next.PositionIndex(id)
			if !found {
				add(Problem{Kind: UnknownChoice, Source: Responses, Line: r.Line, Student: st[s].ID, Position: id})
				ok = false
				continue
			}
			if onList[p] == int32(s)+1 { // (IDs are unique: a repeated position is a repeated ID)
				add(Problem{Kind: RepeatedChoice, Source: Responses, Line: r.Line, Student: st[s].ID, Position: id})
				ok = false
				continue
			}
			onList[p] = int32(s) + 1
			list = append(list, int32(p))
		}
		arena = arena[:len(arena)+len(list)]
		if ok && !slices.Equal(list, next.Choices(s)) {
			if newLists == nil {
				newLists = make(map[int][]int32, withLists)
			}
			newLists[s] = list
		}
	}
	if anyGuar {
		seatProbs = append(seatProbs, seatsCut(next, standings, guar)...)
	}
	// The round's cohort while the fingerprints finish, unless a problem
	// found so far makes it moot.
	var c *model.Cohort
	var cErr error
	ctxErr := ctx.Err()
	if newLists != nil && ctxErr == nil && len(probs)+len(prevProbs)+len(cohortProbs) == 0 {
		c, cErr = next.WithChoices(newLists, nil)
	}
	wg.Wait()
	if resp != nil && resp.Result != "" && resp.Result != prevFP {
		line := 0
		if len(rs) > 0 {
			line = rs[0].Line
		}
		probs = append([]Problem{{Kind: OtherResult, Source: Responses, Line: line, Got: resp.Result, Want: prevFP}}, probs...)
	}
	slices.SortStableFunc(probs, func(a, b Problem) int { return a.Line - b.Line }) // the responses' in line order
	if resp != nil && resp.Sheet != "" {
		for i := range probs {
			if probs[i].Source == Responses {
				probs[i].Sheet = resp.Sheet
			}
		}
	}
	// Another result's responses: every problem of the responses
	// follows from that one.
	if len(probs) > 0 && probs[0].Kind == OtherResult {
		for i := 1; i < len(probs); i++ {
			probs[i].Follows = true
		}
	}
	var lead []Problem
	if prevRound >= 2 && offList >= 5 && offList*10 >= kept {
		// A cohort without the lists of the previous round (the main
		// round's, not the one round -cohort-out wrote): the seats off
		// the lists follow from it.
		lead = append(lead, Problem{Kind: RoundCohort, Source: Cohort, N: prevRound, M: offList})
		for i := range cohortProbs {
			if cohortProbs[i].Kind == SeatOffList {
				cohortProbs[i].Follows = true
			}
		}
	}
	// The seats the cohort cannot take come first: they need the cohort
	// changed whatever the responses say.
	probs = append(append(append(append(lead, seatProbs...), probs...), prevProbs...), cohortProbs...)
	if len(probs) > 0 {
		return nil, nil, &ProblemsError{Problems: probs}
	}
	rnd := &matching.Round{Number: prevRound + 1, Previous: prevFP, Lottery: opts.lottery(), Standings: standings,
		Placed: placedDefault, Unplaced: unplacedDefault, GaveBack: gaveBack}
	rnd.Responses = respFP
	if ctxErr != nil {
		return nil, nil, ctxErr
	}
	if newLists == nil {
		return next, rnd, nil
	}
	if cErr != nil {
		return nil, nil, fmt.Errorf("round: the next cohort with the new lists: %w", cErr)
	}
	return c, rnd, nil
}

// maxRound bounds a previous result's round number: a season has a few
// rounds, and the next round's number must not overflow.
const maxRound = math.MaxInt32

// joinedIn returns the round a student joined: the round of the previous
// result's row ri says (1 when it does not say, at most the previous
// round), or, for a student the previous result lacks (ri < 0), the
// round after prevRound.
func joinedIn(prev *matching.ResultFile, ri int32, prevRound int) int {
	if ri < 0 {
		return prevRound + 1
	}
	return min(max(prev.Rows[ri].Joined, 1), prevRound)
}

// outOfOrder returns a problem when the next cohort lists two students of
// the previous result who joined in the same round in the other order
// than the result's rows (one problem, at the first such pair): the
// round's lottery gives each group of students who joined together their
// draws by their order in the cohort (see matching.LotteryRule), so
// reordering them would change the draw; students of different groups
// draw apart, and their order does not count. The rows of each list of
// the file (a CSV file's rows; a JSON file's assignments and its
// unplaced; a workbook's sheets) are in the previous cohort's order, and
// each list's students of each group are checked as a subsequence of the
// next cohort (the order of a placed student against an unplaced one is
// not in a JSON file or a workbook). Students added, anywhere, do not
// count.
func outOfOrder(prev *matching.ResultFile, idx *indexer, rowOf []int32) []Problem {
	type list struct {
		sheet  string
		joined int   // the group's round
		row    int32 // the row of the last student of the list met
		stu    int   // that student
	}
	var lists []list // a file has one to three lists, times the groups
	for s, i := range rowOf {
		if i < 0 {
			continue
		}
		sheet, joined := prev.Rows[i].Sheet, max(prev.Rows[i].Joined, 1)
		k := 0
		for k < len(lists) && (lists[k].sheet != sheet || lists[k].joined != joined) {
			k++
		}
		if k == len(lists) {
			lists = append(lists, list{sheet: sheet, joined: joined, row: -1})
		}
		if i < lists[k].row {
			// The file lists s before t; the cohort t before s.
			t := lists[k].stu
			return []Problem{{Kind: PreviousOrder, Source: Cohort, Table: "students", ID: idx.st[t].ID, Students: []string{idx.st[t].ID, idx.st[s].ID}}}
		}
		lists[k].row, lists[k].stu = i, s
	}
	return nil
}

// seatsCut returns a problem for each position whose seats, and each
// capped enterprise or region whose cap, no longer take the students
// keeping seats there (counts only: a reserve that a holder no longer
// fits is Compile's to say, in [Run]).
func seatsCut(c *model.Cohort, standings []matching.Standing, guar []int32) []Problem {
	var out []Problem
	keeping := func(in func(p int) bool) []string {
		var ids []string
		for s, st := range standings {
			if st.Seat >= 0 && in(int(st.Seat)) {
				ids = append(ids, c.Students()[s].ID)
			}
		}
		return ids
	}
	ps := c.Positions()
	for p, g := range guar {
		if int(g) > ps[p].Capacity {
			out = append(out, Problem{Kind: SeatsCut, Source: Cohort, Table: "positions", ID: ps[p].ID, Position: ps[p].ID,
				N: ps[p].Capacity, M: int(g), Students: keeping(func(q int) bool { return q == p })})
		}
	}
	entSum := make([]int, len(c.Enterprises()))
	regSum := make([]int, len(c.Regions()))
	for p, g := range guar {
		if e := c.PositionEnterprise(p); e >= 0 {
			entSum[e] += int(g)
		}
		if r := c.PositionRegion(p); r >= 0 {
			regSum[r] += int(g)
		}
	}
	for e, ent := range c.Enterprises() {
		if ent.Cap > 0 && entSum[e] > ent.Cap {
			out = append(out, Problem{Kind: CapCut, Source: Cohort, Table: "enterprises", ID: ent.ID, N: ent.Cap, M: entSum[e],
				Students: keeping(func(q int) bool { return c.PositionEnterprise(q) == e })})
		}
	}
	for r, reg := range c.Regions() {
		if reg.Cap > 0 && regSum[r] > reg.Cap {
			out = append(out, Problem{Kind: CapCut, Source: Cohort, Table: "regions", ID: reg.ID, N: reg.Cap, M: regSum[r],
				Students: keeping(func(q int) bool { return c.PositionRegion(q) == r })})
		}
	}
	return out
}

// indexer finds students by ID, trying first the few students after the
// last one found: files list students in cohort order (responses, a
// result's placed and its unplaced students), so most lookups are a few
// string comparisons instead of a hash lookup.
type indexer struct {
	c    *model.Cohort
	st   []model.Student
	next int
}

func (x *indexer) student(id string) (int, bool) {
	for g := x.next; g < min(x.next+8, len(x.st)); g++ { // a result's placed students skip its unplaced ones
		if x.st[g].ID == id {
			x.next = g + 1
			return g, true
		}
	}
	s, ok := x.c.StudentIndex(id)
	if ok {
		x.next = s + 1
	}
	return s, ok
}
