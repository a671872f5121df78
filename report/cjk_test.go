package report

import (
	"context"
	"flag"
	"os"
	"sync"
	"testing"

	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
	"github.com/placement-engine/placement/model/synth"
)

// notoCJK is the font the tests draw Chinese with: Debian's
// fonts-noto-cjk, installed by .ci/run.
const notoCJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// testFont returns notoCJK, or skips the test when it is not installed
// and CI is not set (under CI it must be there).
func testFont(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(notoCJK); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: %v (install fonts-noto-cjk)", err)
		}
		t.Skipf("no %s (apt-get install fonts-noto-cjk)", notoCJK)
	}
	return notoCJK
}

// chinese is a small group cohort whose schools, enterprises and
// positions have Chinese names, and some of whose IDs are Chinese too,
// solved stably and optimally.
var chinese struct {
	once            sync.Once
	c               *model.Cohort
	stable, optimal *matching.Result
	err             error
}

func chineseResults(t testing.TB) (*model.Cohort, *matching.Result, *matching.Result) {
	t.Helper()
	chinese.once.Do(func() {
		chinese.c, chinese.stable, chinese.optimal, chinese.err = buildChinese()
	})
	if chinese.err != nil {
		t.Fatal(chinese.err)
	}
	return chinese.c, chinese.stable, chinese.optimal
}

func buildChinese() (*model.Cohort, *matching.Result, *matching.Result, error) {
	g, err := synth.Generate(synth.Group(0.1, 11))
	if err != nil {
		return nil, nil, nil, err
	}
	d := g.Data()
	d.Name = "集团2026年实习就业分配（测试）"
	// Every third school and enterprise gets a Chinese ID; names get
	// longer, as real ones are.
	school := map[string]string{}
	for i := range d.Schools {
		s := &d.Schools[i]
		if i%3 == 1 {
			school[s.ID] = "学校" + s.ID[2:]
			s.ID = school[s.ID]
		}
	}
	surnames, given := []rune("王李张刘陈杨黄赵吴周"), []string{"伟", "芳", "秀英", "敏", "静", "磊", "强", "洋", "艳", "建华", "晓东"}
	for i := range d.Students {
		st := &d.Students[i]
		if id, ok := school[st.School]; ok {
			st.School = id
		}
		st.Name = string(surnames[i%len(surnames)]) + given[(i/len(surnames))%len(given)]
	}
	ent := map[string]string{}
	for i := range d.Enterprises {
		e := &d.Enterprises[i]
		if i%3 == 0 {
			ent[e.ID] = "企业" + e.ID[1:]
			e.ID = ent[e.ID]
		}
		e.Name += "有限责任公司"
	}
	for i := range d.Positions {
		if id, ok := ent[d.Positions[i].Enterprise]; ok {
			d.Positions[i].Enterprise = id
		}
	}
	for i := range d.OrderClasses {
		if id, ok := ent[d.OrderClasses[i].Enterprise]; ok {
			d.OrderClasses[i].Enterprise = id
		}
	}
	c, err := model.New(d, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx := context.Background()
	inst, err := matching.Compile(ctx, c, &matching.CompileOptions{Seed: 3})
	if err != nil {
		return nil, nil, nil, err
	}
	stable, err := matching.Solve(ctx, inst, matching.StudentDA, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	optimal, err := matching.SolveOptimal(ctx, inst, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	return c, stable, optimal, nil
}

var updatePNG = flag.Bool("update-png", false, "rewrite the golden PNG charts")
