package whatif

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// Diff is what changed for whom between a base result and the result of
// the changed cohort ([Apply]) under the same mechanism and lottery.
type Diff struct {
	Name      string  `json:"name,omitempty"` // the scenario's name
	Mechanism string  `json:"mechanism"`
	Students  int     `json:"students"`
	Summary   Summary `json:"summary"`
	// Moves lists the students, withdrawn ones aside, whose position
	// changed, in the cohort's order.
	Moves []Move `json:"moves"`
	// Withdrawn lists the withdrawn students, in the cohort's order, with
	// what they held in the base result.
	Withdrawn []Withdrawal `json:"withdrawn"`
	// Fills lists the positions whose number of students changed, in the
	// cohort's order.
	Fills []FillChange `json:"fills"`

	// cohort is the base cohort, for the names beside the IDs in the
	// diff's tables; nil for a Diff not made by Compare.
	cohort *model.Cohort
}

// Summary counts the moves.
type Summary struct {
	Withdrawn       int   `json:"withdrawn"`        // students withdrawn
	WithdrawnPlaced int   `json:"withdrawn_placed"` // of them, placed in the base result
	Moved           int   `json:"moved"`            // other students whose position changed
	Better          int   `json:"better"`           // of them, to a position they rank higher (newly placed included)
	Worse           int   `json:"worse"`            // of them, to one they rank lower (newly unplaced included)
	NewlyPlaced     int   `json:"newly_placed"`
	NewlyUnplaced   int   `json:"newly_unplaced"`
	PlacedBefore    int   `json:"placed_before"` // withdrawn students included
	PlacedAfter     int   `json:"placed_after"`
	TotalRankBefore int64 `json:"total_rank_before"`
	TotalRankAfter  int64 `json:"total_rank_after"`
	FillChanged     int   `json:"fill_changed"` // positions whose number of students changed
}

// Move is one student whose position changed. From and To are position
// IDs ("" when unplaced); FromRank and ToRank the 1-based ranks in the
// student's list (0 when unplaced).
type Move struct {
	Student  string `json:"student"`
	From     string `json:"from,omitempty"`
	FromRank int    `json:"from_rank,omitempty"`
	To       string `json:"to,omitempty"`
	ToRank   int    `json:"to_rank,omitempty"`
	Better   bool   `json:"better"`
	// Why says it in words: the changes that touch the position gained or
	// lost, seats freed by others, or why the position lost no longer took
	// the student (its cutoff in the changed result).
	Why string `json:"why"`
	// Notes are Why's parts, for wording them in another language.
	Notes []Note `json:"-"`
}

// Withdrawal is a withdrawn student and what they held in the base result
// (Position "" when unplaced).
type Withdrawal struct {
	Student  string `json:"student"`
	Position string `json:"position,omitempty"`
	Rank     int    `json:"rank,omitempty"`
}

// FillChange is a position whose number of students changed.
type FillChange struct {
	Position string `json:"position"`
	Before   int    `json:"before"`
	After    int    `json:"after"`
	// Changes lists what the change file did to the position, its
	// enterprise or its region ("capacity 8 → 18"); empty when it changed
	// only through others' moves.
	Changes string `json:"changes,omitempty"`
	// Notes are Changes' parts, for wording them in another language.
	Notes []Note `json:"-"`
}

// Compare returns what changed between base, a result on a cohort, and
// changed, a result of the same mechanism on the cohort that [Apply] made
// from it with ch. It returns an error when the two cohorts do not have the
// same students and positions in the same order (Apply keeps them). It
// runs in O(S + P + C) for S students, P positions and C choices, and
// modifies nothing.
func Compare(base, changed *matching.Result, ch *Changes) (*Diff, error) {
	bi, ci := base.Instance(), changed.Instance()
	bc, cc := bi.Cohort(), ci.Cohort()
	if bi.Students() != ci.Students() || bi.Positions() != ci.Positions() {
		return nil, fmt.Errorf("whatif: compare: the base has %d students and %d positions, the changed cohort %d and %d: not made by Apply",
			bi.Students(), bi.Positions(), ci.Students(), ci.Positions())
	}
	bs, cs := bc.Students(), cc.Students()
	for s := range bs {
		if bs[s].ID != cs[s].ID {
			return nil, fmt.Errorf("whatif: compare: student %d is %q in the base and %q in the changed cohort", s, bs[s].ID, cs[s].ID)
		}
	}
	bp := bc.Positions()
	for p := range bp {
		if bp[p].ID != cc.Positions()[p].ID {
			return nil, fmt.Errorf("whatif: compare: position %d is %q in the base and %q in the changed cohort", p, bp[p].ID, cc.Positions()[p].ID)
		}
	}
	if base.Mechanism() != changed.Mechanism() {
		return nil, fmt.Errorf("whatif: compare: the base is %v, the changed result %v", base.Mechanism(), changed.Mechanism())
	}
	d := &Diff{Mechanism: base.Mechanism().String(), Students: bi.Students(), Moves: []Move{}, Withdrawn: []Withdrawal{}, Fills: []FillChange{}, cohort: bc}
	withdrawn := make([]bool, bi.Students())
	posGone := make([]bool, bi.Positions())
	if ch != nil {
		d.Name = ch.Name
		for _, id := range ch.Withdrawn() {
			if s, ok := bc.StudentIndex(id); ok {
				withdrawn[s] = true
			}
		}
		for _, e := range ch.Entries {
			if e.Position != "" && e.Withdraw {
				if p, ok := bc.PositionIndex(e.Position); ok {
					posGone[p] = true
				}
			}
		}
	}
	notes := positionNotes(bc, cc, posGone)
	posID := func(p int) string {
		if p < 0 {
			return ""
		}
		return bp[p].ID
	}
	// left[p] counts the students who held a seat at p in the base and no
	// longer do: the seats they freed.
	left := make([]int, bi.Positions())
	for s := range bs {
		if p := base.Position(s); p >= 0 && changed.Position(s) != p {
			left[p]++
		}
	}
	freed := capsFreed(base, changed)
	sum := &d.Summary
	sum.TotalRankBefore, sum.TotalRankAfter = base.TotalRank(), changed.TotalRank()
	sum.PlacedBefore, sum.PlacedAfter = base.Placed(), changed.Placed()
	for s := range bs {
		from, to := base.Position(s), changed.Position(s)
		if withdrawn[s] {
			sum.Withdrawn++
			if from >= 0 {
				sum.WithdrawnPlaced++
			}
			d.Withdrawn = append(d.Withdrawn, Withdrawal{Student: bs[s].ID, Position: posID(from), Rank: base.Rank(s)})
			continue
		}
		if from == to {
			continue
		}
		m := Move{Student: bs[s].ID, From: posID(from), FromRank: base.Rank(s), To: posID(to), ToRank: changed.Rank(s)}
		m.Better = to >= 0 && (from < 0 || m.ToRank < m.FromRank)
		sum.Moved++
		switch {
		case m.Better:
			sum.Better++
		default:
			sum.Worse++
		}
		if from < 0 {
			sum.NewlyPlaced++
		}
		if to < 0 {
			sum.NewlyUnplaced++
		}
		m.Notes = moveWhy(changed, s, from, to, m.Better, notes, left, freed, bp)
		m.Why = joinNotes(m.Notes)
		d.Moves = append(d.Moves, m)
	}
	bf, cf := base.Fill(), changed.Fill()
	for p := range bp {
		if bf[p] != cf[p] {
			d.Fills = append(d.Fills, FillChange{Position: bp[p].ID, Before: bf[p], After: cf[p], Changes: joinNotes(notes[p]), Notes: notes[p]})
		}
	}
	sum.FillChanged = len(d.Fills)
	return d, nil
}

// moveWhy explains one move.
func moveWhy(changed *matching.Result, s, from, to int, better bool, notes [][]Note, left []int, freed [][]Note, bp []model.Position) []Note {
	var parts []Note
	if better {
		p := to
		parts = append(parts, notes[p]...)
		if left[p] > 0 {
			parts = append(parts, note("%d seat(s) at %s freed by students who left it", left[p], bp[p].ID))
		}
		parts = append(parts, freed[p]...)
		if len(parts) == 0 {
			parts = append(parts, note("a seat opened at %s through others' moves", bp[p].ID))
		}
		return parts
	}
	// Worse: why the position held before no longer takes them.
	if from < 0 {
		return nil // cannot happen: unplaced to unplaced is no move
	}
	parts = append(parts, notes[from]...)
	if bp[from].Capacity > 0 && changed.Instance().Capacity(from) == 0 && len(notes[from]) > 0 {
		return parts // withdrawn or closed: nothing to add
	}
	if changed.Mechanism() == matching.OptimalAllocation {
		// An optimum has no priorities to refuse anyone with: the
		// objective moved them.
		return append(parts, note("the optimal allocation gives %s to others", bp[from].ID))
	}
	for _, r := range changed.Why(s) {
		if r.Position == from {
			n := note("%s now refuses them: %s (%s)", bp[from].ID, r.Kind, r.Detail)
			n.Refusal = &r
			parts = append(parts, n)
			break
		}
	}
	if len(parts) == 0 {
		parts = append(parts, note("%s no longer takes them", bp[from].ID))
	}
	return parts
}

// capsFreed says, by position, which caps above it were full in the base
// and had places freed by students who left the positions under them
// altogether (a move between two positions under the same cap frees
// nothing under it), none for none.
func capsFreed(base, changed *matching.Result) [][]Note {
	c := base.Instance().Cohort()
	fullEnt, fullReg := map[int]bool{}, map[int]bool{}
	for _, u := range base.Caps() {
		if u.Placed >= u.Cap {
			if u.Enterprise >= 0 {
				fullEnt[u.Enterprise] = true
			} else {
				fullReg[u.Region] = true
			}
		}
	}
	entLeft, regLeft := map[int]int{}, map[int]int{}
	for s := range base.Instance().Students() {
		p, q := base.Position(s), changed.Position(s)
		if p < 0 {
			continue
		}
		if e := c.PositionEnterprise(p); fullEnt[e] && (q < 0 || c.PositionEnterprise(q) != e) {
			entLeft[e]++
		}
		if r := c.PositionRegion(p); fullReg[r] && (q < 0 || c.PositionRegion(q) != r) {
			regLeft[r]++
		}
	}
	out := make([][]Note, base.Instance().Positions())
	for p := range out {
		if e := c.PositionEnterprise(p); e >= 0 && entLeft[e] > 0 {
			out[p] = append(out[p], note("%d place(s) under enterprise %s's cap (full before) freed by students who left its positions", entLeft[e], c.Enterprises()[e].ID))
		}
		if r := c.PositionRegion(p); r >= 0 && regLeft[r] > 0 {
			out[p] = append(out[p], note("%d place(s) under region %s's cap (full before) freed by students who left its positions", regLeft[r], c.Regions()[r].ID))
		}
	}
	return out
}

// positionNotes lists, by position, what differs between the two cohorts
// for the position, its enterprise and its region, in words.
func positionNotes(bc, cc *model.Cohort, gone []bool) [][]Note {
	bp, cp := bc.Positions(), cc.Positions()
	out := make([][]Note, len(bp))
	for p := range bp {
		a, b := &bp[p], &cp[p]
		if gone[p] {
			out[p] = append(out[p], note("position %s withdrawn", a.ID))
			continue
		}
		if a.Capacity != b.Capacity {
			out[p] = append(out[p], note("%s capacity %d → %d", a.ID, a.Capacity, b.Capacity))
		}
		if !slices.Equal(a.Reserved, b.Reserved) {
			out[p] = append(out[p], note("%s reserves %v → %v", a.ID, reservesText(a.Reserved), reservesText(b.Reserved)))
		}
		if a.MinFill != b.MinFill {
			out[p] = append(out[p], note("%s minimum fill %d → %d", a.ID, a.MinFill, b.MinFill))
		}
		if a.Target != b.Target {
			out[p] = append(out[p], note("%s target %d → %d", a.ID, a.Target, b.Target))
		}
		if e := bc.PositionEnterprise(p); e >= 0 {
			x, y := bc.Enterprises()[e], cc.Enterprises()[e]
			if x.Cap != y.Cap {
				out[p] = append(out[p], note("enterprise %s cap %v → %v", x.ID, capText(x.Cap), capText(y.Cap)))
			}
		}
		if r := bc.PositionRegion(p); r >= 0 {
			x, y := bc.Regions()[r], cc.Regions()[r]
			if x.Cap != y.Cap {
				out[p] = append(out[p], note("region %s cap %v → %v", x.ID, capText(x.Cap), capText(y.Cap)))
			}
			if x.Floor != y.Floor {
				out[p] = append(out[p], note("region %s floor %d → %d", x.ID, x.Floor, y.Floor))
			}
		}
	}
	return out
}

// capText is a cap as a note's argument: the number, or the Word
// "none".
func capText(n int) any {
	if n == 0 {
		return Word("none")
	}
	return n
}

// reservesText is a position's reserves as a note's argument, as the
// change files write them ("special-post=2;order-class:OC1=3/empty"), or
// the Word "none".
func reservesText(rs []model.Reserve) any {
	if len(rs) == 0 {
		return Word("none")
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%v=%d", r.Category, r.Seats)
		if r.Unused == model.StayEmpty {
			parts[i] += "/empty"
		}
	}
	return strings.Join(parts, ";")
}

// WriteText writes the summary, then the moves, the withdrawals and the
// positions whose fill changed, one a line. limit bounds the lines of each
// list (the rest are counted); 0 or less means no limit.
func (d *Diff) WriteText(w io.Writer, limit int) error {
	var b strings.Builder
	s := d.Summary
	name := ""
	if d.Name != "" {
		name = fmt.Sprintf(" %q", d.Name)
	}
	fmt.Fprintf(&b, "what if%s (%s): %d students\n", name, d.Mechanism, d.Students)
	fmt.Fprintf(&b, "  withdrawn      %d (%d of them placed before)\n", s.Withdrawn, s.WithdrawnPlaced)
	fmt.Fprintf(&b, "  placed         %d → %d\n", s.PlacedBefore, s.PlacedAfter)
	fmt.Fprintf(&b, "  total rank     %d → %d\n", s.TotalRankBefore, s.TotalRankAfter)
	fmt.Fprintf(&b, "  moved          %d: %d better (%d newly placed), %d worse (%d newly unplaced)\n",
		s.Moved, s.Better, s.NewlyPlaced, s.Worse, s.NewlyUnplaced)
	fmt.Fprintf(&b, "  fill changed   %d position(s)\n", s.FillChanged)
	list := func(title string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(&b, "%s:\n", title)
		for i := range n {
			if limit > 0 && i == limit {
				fmt.Fprintf(&b, "  ... and %d more\n", n-limit)
				break
			}
			b.WriteString("  " + line(i) + "\n")
		}
	}
	list("moved", len(d.Moves), func(i int) string {
		m := d.Moves[i]
		dir := "worse"
		if m.Better {
			dir = "better"
		}
		return fmt.Sprintf("%s %s → %s, %s: %s", m.Student, placeText(m.From, m.FromRank), placeText(m.To, m.ToRank), dir, m.Why)
	})
	list("withdrawn", len(d.Withdrawn), func(i int) string {
		x := d.Withdrawn[i]
		if x.Position == "" {
			return x.Student + " (was unplaced)"
		}
		return fmt.Sprintf("%s (held %s)", x.Student, placeText(x.Position, x.Rank))
	})
	list("fill changed", len(d.Fills), func(i int) string {
		f := d.Fills[i]
		line := fmt.Sprintf("%s %d → %d", f.Position, f.Before, f.After)
		if f.Changes != "" {
			line += " (" + f.Changes + ")"
		}
		return line
	})
	_, err := io.WriteString(w, b.String())
	return err
}

func placeText(p string, rank int) string {
	if p == "" {
		return "unplaced"
	}
	return fmt.Sprintf("%s (rank %d)", p, rank)
}

// WriteJSON writes the diff as one indented JSON object (format
// "placement-whatif/1").
func (d *Diff) WriteJSON(w io.Writer) error {
	out := struct {
		Format string `json:"format"`
		*Diff
	}{"placement-whatif/1", d}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
