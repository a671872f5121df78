package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/placement-engine/placement/internal/store"
)

// A season's life in the store: a cohort uploaded, a run started and
// finished, published as round 1, then kept safe from change.
func Example() {
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	st, err := store.Open(ctx, filepath.Join(dir, "placement.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()

	season, _ := st.CreateSeason(ctx, store.Season{Name: "2026 春季", Year: 2026, CreatedBy: "li"})
	cohort, _ := st.AddFile(ctx, store.File{Season: season.ID, Kind: store.KindCohort,
		Name: "学生与岗位.xlsx", Format: "xlsx", Accepted: true, CreatedBy: "li"}, []byte("(workbook bytes)"))
	run, _ := st.StartRun(ctx, store.Run{Season: season.ID, Kind: "solve", Cohort: cohort.ID, Round: 1, CreatedBy: "li"})
	fmt.Println(run.Status)

	err = st.FinishRun(ctx, run.ID, []byte(`{"placed":3}`), "fp", []byte(`{"Placed":3}`), nil)
	fmt.Println(err)
	run, _ = st.Publish(ctx, run.ID, "li")
	fmt.Println(run.Status, run.Round, run.PublishedBy)

	_, err = st.Publish(ctx, run.ID, "wang")
	fmt.Println(errors.Is(err, store.ErrPublished))
	result, _ := st.RunResult(ctx, run.ID)
	fmt.Println(string(result))
	// Output:
	// running
	// <nil>
	// done 1 li
	// true
	// {"placed":3}
}
