package report

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

func TestNewErrors(t *testing.T) {
	c, stable, optimal := groupResults(t)
	other, err := model.ReadJSON(strings.NewReader(`{"positions": [{"id": "P1", "capacity": 1}], "students": [{"id": "S1", "choices": ["P1"]}]}`), "tiny.json", nil)
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), other, nil)
	require.NoError(t, err)
	foreign, err := matching.Solve(context.Background(), inst, matching.StudentDA, nil)
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		c       *model.Cohort
		results []*matching.Result
		want    string
	}{
		{"no cohort", nil, []*matching.Result{stable}, "no cohort"},
		{"no result", c, nil, "0 results"},
		{"three results", c, []*matching.Result{stable, optimal, stable}, "3 results"},
		{"nil result", c, []*matching.Result{stable, nil}, "result 2 is nil"},
		{"another cohort", c, []*matching.Result{stable, foreign}, "result 2 (student-da) is of another cohort"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.c, tc.results...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New: error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// num reads a count cell.
func num(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err, "cell %q is not a count", s)
	return n
}

// column returns the index of the column named name.
func column(t *testing.T, tb Table, name string) int {
	t.Helper()
	for i, h := range tb.Header {
		if h == name {
			return i
		}
	}
	t.Fatalf("table %s has no column %q in %q", tb.ID, name, tb.Header)
	return -1
}

func mustTable(t *testing.T, rp *Report, id string) Table {
	t.Helper()
	tb, ok := rp.Table(id)
	require.True(t, ok, "no table %s", id)
	require.NotEmpty(t, tb.Rows, "table %s", id)
	return tb
}

// TestTablesFromResults checks the tables' numbers against the results,
// recomputed here by other paths than the report's.
func TestTablesFromResults(t *testing.T) {
	c, stable, optimal := groupResults(t)
	rp, err := New(c, optimal, stable)
	require.NoError(t, err)
	nS := len(c.Students())
	for i, res := range []*matching.Result{optimal, stable} {
		lbl := rp.Label(i) + ": "

		rank := mustTable(t, rp, "rank")
		col := column(t, rank, lbl+"students")
		byRank := res.ByRank()
		for k, n := range byRank {
			if got := num(t, rank.Rows[k][col]); got != n {
				t.Errorf("%s rank %d: table says %d, ByRank %d", lbl, k+1, got, n)
			}
		}
		last := rank.Rows[len(rank.Rows)-1]
		if last[0] != "unplaced" || num(t, last[col]) != nS-res.Placed() {
			t.Errorf("%s unplaced row %q, want %d", lbl, last, nS-res.Placed())
		}

		unplaced := mustTable(t, rp, "unplaced")
		col = column(t, unplaced, lbl+"students")
		want := map[string]int{}
		for _, u := range res.Unplaced() {
			want[reasonText(rp, u.Reason, false)]++
		}
		got := map[string]int{}
		for _, row := range unplaced.Rows {
			if n := num(t, row[col]); n > 0 {
				got[row[0]] = n
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s unplaced by reason (-want +got):\n%s", lbl, d)
		}

		// Fill by enterprise, from the positions' enterprise IDs.
		fill := res.Fill()
		byEnt := map[string]int{}
		for p, pos := range c.Positions() {
			if pos.Enterprise != "" {
				byEnt[pos.Enterprise] += fill[p]
			}
		}
		ents := mustTable(t, rp, "fill-enterprise")
		col = column(t, ents, lbl+"filled")
		gotEnt := map[string]int{}
		total := 0
		for _, row := range ents.Rows {
			total += num(t, row[col])
			if row[0] != "(none)" && num(t, row[col]) > 0 {
				gotEnt[row[0]] = num(t, row[col])
			}
		}
		for id, n := range byEnt {
			if n == 0 {
				delete(byEnt, id)
			}
		}
		if d := cmp.Diff(byEnt, gotEnt); d != "" {
			t.Errorf("%s fill by enterprise (-want +got):\n%s", lbl, d)
		}
		if total != res.Placed() || num(t, ents.Total[col]) != res.Placed() {
			t.Errorf("%s enterprises filled %d (total row %s), Placed %d", lbl, total, ents.Total[col], res.Placed())
		}

		for _, tc := range []struct{ id, col string }{{"fill-region", "filled"}, {"fill-major", "placed"}} {
			tb := mustTable(t, rp, tc.id)
			col := column(t, tb, lbl+tc.col)
			total := 0
			for _, row := range tb.Rows {
				total += num(t, row[col])
			}
			if total != res.Placed() || num(t, tb.Total[col]) != res.Placed() {
				t.Errorf("%s %s: %d in the rows, %s in the total, Placed %d", lbl, tc.id, total, tb.Total[col], res.Placed())
			}
		}

		sp := mustTable(t, rp, "special-posts")
		fcol, pcol := column(t, sp, lbl+"seats filled"), column(t, sp, lbl+"students placed")
		rows := res.SpecialPostsByCounty()
		require.Len(t, sp.Rows, len(rows))
		for i, row := range rows {
			if c.Regions()[row.Region].ID != sp.Rows[i][0] || num(t, sp.Rows[i][fcol]) != row.Filled || num(t, sp.Rows[i][pcol]) != row.Placed {
				t.Errorf("%s special posts row %q, want %+v", lbl, sp.Rows[i], row)
			}
		}

		oop := mustTable(t, rp, "out-of-province")
		col = column(t, oop, lbl+"placed there")
		for _, u := range res.Caps() {
			if u.Region >= 0 && c.Regions()[u.Region].Kind == model.OutOfProvince {
				if num(t, oop.Rows[0][col]) != u.Placed || num(t, oop.Rows[0][2]) != u.Cap {
					t.Errorf("%s out of province %q, Caps says %+v", lbl, oop.Rows[0], u)
				}
			}
		}
	}

	mc, err := matching.Compare(optimal, stable)
	require.NoError(t, err)
	gains := mustTable(t, rp, "gains")
	sum := func(from, to int) int {
		n := 0
		for _, row := range gains.Rows[from:to] {
			n += num(t, row[1])
		}
		return n
	}
	if b, w, s := sum(onlyFirst, sameRank), sum(secondBy1, neither), sum(sameRank, secondBy1)+sum(neither, nMoves); b != mc.Better || w != mc.Worse || s != mc.Same {
		t.Errorf("gains: better %d, worse %d, same %d; Compare says %d, %d, %d", b, w, s, mc.Better, mc.Worse, mc.Same)
	}
	blocking := mustTable(t, rp, "blocking")
	if n := num(t, blocking.Total[2]); n != len(mc.BlockingPairs) || n == 0 {
		t.Errorf("blocking pairs: table %d, Compare %d", n, len(mc.BlockingPairs))
	}
}

// Two stable results are compared without blocking pairs; the optimal one
// may come second.
func TestCompareOrders(t *testing.T) {
	c, stable, optimal := groupResults(t)
	rp, err := New(c, stable, optimal)
	require.NoError(t, err)
	mc, err := matching.Compare(optimal, stable)
	require.NoError(t, err)
	gains := mustTable(t, rp, "gains")
	// Better under the first result (stable) is worse under the optimal one.
	n := 0
	for _, row := range gains.Rows[onlyFirst:sameRank] {
		n += num(t, row[1])
	}
	if n != mc.Worse {
		t.Errorf("better under stable: %d, Compare's worse under optimal: %d", n, mc.Worse)
	}
	if got := mustTable(t, rp, "blocking").Total[2]; got != strconv.Itoa(len(mc.BlockingPairs)) {
		t.Errorf("blocking total %s, want %d", got, len(mc.BlockingPairs))
	}

	pos, err := matching.Solve(context.Background(), stable.Instance(), matching.PositionDA, nil)
	require.NoError(t, err)
	rp, err = New(c, stable, pos)
	require.NoError(t, err)
	if _, ok := rp.Table("blocking"); ok {
		t.Error("two stable results: a blocking table")
	}
	want := []string{"rank", "unplaced", "fill-school", "fill-level", "fill-enterprise", "fill-region", "fill-major", "special-posts", "special-school", "out-of-province", "gains"}
	if d := cmp.Diff(want, rp.Charts()); d != "" {
		t.Errorf("charts (-want +got):\n%s", d)
	}
}

// Tables returns copies: changing them leaves the report as it was.
func TestTablesCopy(t *testing.T) {
	c, stable, _ := groupResults(t)
	rp, err := New(c, stable)
	require.NoError(t, err)
	ts := rp.Tables()
	ts[0].Rows[0][1] = "changed"
	if rp.Tables()[0].Rows[0][1] == "changed" {
		t.Error("Tables shares its cells with the report")
	}
}

// A cohort without enterprises, regions or special posts still gets a
// report: the charts that have nothing to draw are left out, and every
// table it has is listed.
func TestSmallCohort(t *testing.T) {
	c, err := model.ReadJSON(strings.NewReader(`{"majors": [{"id": "AG"}],
	  "positions": [{"id": "P1", "capacity": 1}, {"id": "P2", "capacity": 1, "majors": ["AG"]}],
	  "students": [{"id": "S1", "major": "AG", "score": 80, "choices": ["P1", "P2"]},
	    {"id": "S2", "score": 90, "choices": ["P1"]}, {"id": "S3", "choices": []}]}`), "small.json", nil)
	require.NoError(t, err)
	inst, err := matching.Compile(context.Background(), c, nil)
	require.NoError(t, err)
	res, err := matching.Solve(context.Background(), inst, matching.StudentDA, nil)
	require.NoError(t, err)
	rp, err := New(c, res)
	require.NoError(t, err)
	if d := cmp.Diff([]string{"rank", "unplaced", "fill-major"}, rp.Charts()); d != "" {
		t.Errorf("charts (-want +got):\n%s", d)
	}
	var ids []string
	for _, tb := range rp.Tables() {
		ids = append(ids, tb.ID)
	}
	if d := cmp.Diff([]string{"rank", "unplaced", "unplaced-students", "fill-enterprise", "fill-region", "fill-major"}, ids); d != "" {
		t.Errorf("tables (-want +got):\n%s", d)
	}
	var buf strings.Builder
	require.NoError(t, rp.WriteHTML(&buf))
	require.NoError(t, rp.WriteText(&buf))
	if _, err := rp.WriteCharts(t.TempDir(), "svg"); err != nil {
		t.Fatal(err)
	}
	unplaced := mustTable(t, rp, "unplaced")
	if d := cmp.Diff([][]string{{"listed no choice", "1"}}, unplaced.Rows); d != "" {
		t.Errorf("unplaced (-want +got):\n%s", d)
	}
}

// WriteCharts leaves in its folder the charts of this report only: a
// smaller report written over a larger one's folder removes the charts it
// does not draw, and no temporary file stays.
func TestWriteChartsReplaces(t *testing.T) {
	c, stable, optimal := groupResults(t)
	big, err := New(c, optimal, stable)
	require.NoError(t, err)
	dir := t.TempDir()
	_, err = big.WriteCharts(dir, "svg")
	require.NoError(t, err)
	small, err := New(c, stable)
	require.NoError(t, err)
	paths, err := small.WriteCharts(dir, "svg")
	require.NoError(t, err)
	var names []string
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var want []string
	for _, p := range paths {
		want = append(want, filepath.Base(p))
	}
	slices.Sort(want)
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	require.Less(t, len(small.Charts()), len(big.Charts()))
	for _, id := range small.Charts() {
		b, err := small.RenderChart(id, "svg")
		require.NoError(t, err)
		f, err := os.ReadFile(filepath.Join(dir, id+".svg"))
		require.NoError(t, err)
		require.Equal(t, b, f)
		require.Contains(t, ChartIDs, id)
	}
	_, err = small.RenderChart("gains", "svg")
	require.ErrorContains(t, err, `no chart "gains"`)
}

func TestOptions(t *testing.T) {
	c, stable, optimal := groupResults(t)
	rp, err := NewWithOptions(c, &Options{Labels: []string{"", "DA"}, TopEnterprises: 5}, optimal, stable)
	require.NoError(t, err)
	if rp.Label(0) != "optimal allocation (least total rank)" || rp.Label(1) != "DA" {
		t.Errorf("labels %q, %q", rp.Label(0), rp.Label(1))
	}
	column(t, mustTable(t, rp, "rank"), "DA: students")
	for _, ch := range rp.charts {
		if (ch.id == "fill-enterprise" || ch.id == "blocking") && len(ch.cats) != 5 {
			t.Errorf("chart %s: %d enterprises, want 5", ch.id, len(ch.cats))
		}
	}
	if len(mustTable(t, rp, "fill-enterprise").Rows) != len(c.Enterprises()) {
		t.Error("the enterprise table does not list every enterprise")
	}
	rp, err = New(c, stable, stable)
	require.NoError(t, err)
	if rp.Label(0) != "stable allocation, students first (1)" || rp.Label(1) != "stable allocation, students first (2)" {
		t.Errorf("equal labels: %q, %q", rp.Label(0), rp.Label(1))
	}
}
