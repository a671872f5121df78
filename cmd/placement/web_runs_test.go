package main

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// webCohort is a synthetic group cohort of n students (the group preset),
// with quotas, reserves and special posts.
func webCohort(t testing.TB, n int) *model.Cohort {
	t.Helper()
	cfg := synth.Group(float64(n)/genStudents, 7)
	cfg.Students = n
	c, err := synth.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestWebRunOptions(t *testing.T) {
	en := &webReq{Lang: lang.English, Msg: lang.Printer(lang.English, webCat())}
	zh := &webReq{Lang: lang.Chinese, Msg: lang.Printer(lang.Chinese, webCat())}
	for _, tc := range []struct {
		form    url.Values
		want    runOptions
		wantErr string // in English; "" none
	}{
		{url.Values{}, runOptions{Mechanism: "student-da", TieBreak: "single", ReserveOrder: "reserved-first"}, ""},
		{url.Values{"mechanism": {"optimal"}, "objective": {"generous"}, "seed": {"42"}, "tie_break": {"multiple"}, "reserve_order": {"open-first"}},
			runOptions{Mechanism: "optimal", Objective: "generous", Seed: 42, TieBreak: "multiple", ReserveOrder: "open-first"}, ""},
		{url.Values{"mechanism": {"position-da"}, "objective": {"generous"}}, runOptions{Mechanism: "position-da", TieBreak: "single", ReserveOrder: "reserved-first"}, ""},
		{url.Values{"mechanism": {"least-disruption"}}, runOptions{}, "least-disruption is only for a supplementary round"},
		{url.Values{"mechanism": {"serial"}}, runOptions{}, "serial"},
		{url.Values{"seed": {"-1"}}, runOptions{}, `Seed "-1"`},
		{url.Values{"tie_break": {"triple"}}, runOptions{}, "triple"},
		{url.Values{"mechanism": {"optimal"}, "objective": {"best"}}, runOptions{}, "best"},
	} {
		got, _, err := runOptionsOf(en, tc.form)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: error %v, want one saying %q", tc.form, err, tc.wantErr)
			}
			// The same refusal in Chinese is in Chinese.
			_, _, zerr := runOptionsOf(zh, tc.form)
			if zerr == nil || zerr.Error() == err.Error() {
				t.Errorf("%v: Chinese error %v, want it translated from %v", tc.form, zerr, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%v: %+v, %v; want %+v", tc.form, got, err, tc.want)
		}
	}
}

// TestWebRunOutput runs each mechanism as the run form would, checks its
// output, rebuilds the stored result and writes the downloads: the
// workbook passes placement check, the CSV of an optimal run is refused.
func TestWebRunOutput(t *testing.T) {
	ctx := context.Background()
	c := webCohort(t, 300)
	dir := t.TempDir()
	cohortPath := filepath.Join(dir, "cohort.json")
	var cb bytes.Buffer
	if err := model.WriteJSON(&cb, c); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cohortPath, cb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	msg := lang.Printer(lang.Chinese, cat)
	for _, mech := range []string{"student-da", "position-da", "optimal"} {
		t.Run(mech, func(t *testing.T) {
			o, rs, err := runOptionsOf(&webReq{Lang: lang.English, Msg: englishMsg}, url.Values{"mechanism": {mech}, "seed": {"3"}})
			if err != nil {
				t.Fatal(err)
			}
			p := newRunProgress(msg)
			res, err := rs.solveWeb(ctx, c, p)
			if err != nil {
				t.Fatal(err)
			}
			if st := p.state(); st.seq < 2 || !strings.Contains(st.stage, "正在求解") {
				t.Errorf("progress after solving: %+v, want the stage 正在求解 after at least 2 changes", st)
			}
			out, err := runOutputOf(ctx, lang.Chinese, p, res, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := out.Summary
			if !s.Checked || s.Students != 300 || s.Placed != res.Placed() || s.Placed+s.Unplaced != 300 || s.Mechanism != mech {
				t.Errorf("summary %+v, want 300 students, %d placed, checked, %s", s, res.Placed(), mech)
			}
			sum := 0
			for _, n := range s.ByRank {
				sum += n
			}
			if sum != s.Placed {
				t.Errorf("by rank %v adds up to %d, want %d placed", s.ByRank, sum, s.Placed)
			}
			if (mech == "optimal") != (s.Objective == "rank-sum") || (mech == "optimal") != (o.Objective == "rank-sum") {
				t.Errorf("objective %q (options %q) of a %s run", s.Objective, o.Objective, mech)
			}
			if out.Fingerprint != res.Fingerprint() {
				t.Errorf("fingerprint %s, want %s", out.Fingerprint, res.Fingerprint())
			}
			back, rf, err := rebuildResult(ctx, c, out.Result, out.Fingerprint)
			if err != nil {
				t.Fatal(err)
			}
			if back.Fingerprint() != out.Fingerprint || rf.Mechanism != mech || rf.Seed != 3 {
				t.Errorf("rebuilt: fingerprint %s, mechanism %s, seed %d; want %s, %s, 3", back.Fingerprint(), rf.Mechanism, rf.Seed, out.Fingerprint, mech)
			}
			if _, ok := back.Optimum(); ok != (mech == "optimal") {
				t.Errorf("rebuilt %s result carries an optimum: %v", mech, ok)
			}
			if _, _, err := rebuildResult(ctx, c, out.Result, "0123"); err == nil {
				t.Error("a stored result of another fingerprint than its run's was rebuilt")
			}
			// The downloads, from the rebuilt result as after a restart.
			csv, err := resultCSV(back, lang.Chinese)
			if mech == "optimal" {
				if err == nil || !strings.Contains(localError(lang.English, englishMsg, err).Error(), "certificate") {
					t.Errorf("CSV of an optimal result: %v, want a refusal naming the certificate", err)
				}
			} else if err != nil || !strings.Contains(string(csv), "学生") {
				t.Errorf("CSV: %v, %.80q; want a Chinese header", err, csv)
			}
			for _, tag := range []string{"zh", "en"} {
				x, err := resultXLSX(back, map[string]language.Tag{"zh": lang.Chinese, "en": lang.English}[tag], nil)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, mech+"-"+tag+".xlsx")
				if err := os.WriteFile(path, x, 0o644); err != nil {
					t.Fatal(err)
				}
				var stdout, stderr bytes.Buffer
				if code := run([]string{"check", "-cohort", cohortPath, "-result", path}, &stdout, &stderr); code != exitOK {
					t.Errorf("placement check of the %s workbook (%s): exit %d\n%s%s", mech, tag, code, stdout.String(), stderr.String())
				}
				if mech == "optimal" && !strings.Contains(stdout.String(), "certificate checked") {
					t.Errorf("check of the optimal workbook did not check its certificate: %s", stdout.String())
				}
			}
		})
	}
}

// TestWebRunFindings: a result that breaks a rule fails its run with
// the findings, nothing kept.
func TestWebRunFindings(t *testing.T) {
	ctx := context.Background()
	c, err := loadCohort("testdata/tiny.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := matching.Compile(ctx, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	// S1 and S2 both at P1, a seat of one.
	pl := []matching.Placement{{Student: 0, Position: 0}, {Student: 1, Position: 0}, {Student: 2, Position: -1}, {Student: 3, Position: -1}, {Student: 4, Position: -1}}
	res, err := matching.NewResult(inst, matching.StudentDA, pl)
	if err != nil {
		t.Fatal(err)
	}
	_, err = runOutputOf(ctx, lang.English, nil, res, nil)
	var fe *findingsError
	if !errors.As(err, &fe) || len(fe.findings) == 0 {
		t.Fatalf("runOutputOf of a result over capacity: %v, want its findings", err)
	}
}

// TestWebRunProgress: listeners see every change, and nothing after the
// end; concurrent writers do not race (go test -race).
func TestWebRunProgress(t *testing.T) {
	p := newRunProgress(englishMsg)
	st := p.state()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				if j%10 == 0 {
					p.Stagef("compiling")
				}
				p.Detailf("%d proposals, %d of %d proposers through their first round", i*j, j, 50)
			}
		}()
	}
	<-st.changed // woken by the first change
	wg.Wait()
	if got := p.state().seq; got != 4*(50+5) {
		t.Errorf("%d changes, want %d", got, 4*(50+5))
	}
	p.end()
	end := p.state()
	if !end.over {
		t.Error("not over after end")
	}
	p.Stage("late")
	if got := p.state(); got.stage == "late" || got.seq != end.seq {
		t.Errorf("a stage after the end was taken: %+v", got)
	}
	var none *runProgress
	none.Stagef("compiling") // a nil progress ignores it
	none.end()
}
