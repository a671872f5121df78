package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPublishedImmutable: once a run is published, raw SQL through the
// store's own connection can change or delete neither the run, nor its
// result, nor its blobs, nor the files it read; the same statements on an
// unpublished run succeed, so it is the triggers that stop them.
func TestPublishedImmutable(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	se, cohort := seasonWithCohort(t, s, "s")
	resp, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindResponses, Name: "r.csv", Format: "csv"}, []byte("resp"))
	require.NoError(t, err)
	mk := func(responses int64) Run {
		r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "round", Cohort: cohort.ID, Responses: responses, Round: 1})
		require.NoError(t, err)
		require.NoError(t, s.FinishRun(ctx, r.ID, []byte("result"), "fp", []byte(`{}`), map[string][]byte{"cohort.json": []byte("c")}))
		return r
	}
	pub, free := mk(resp.ID), mk(0)
	derived, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Name: "next.json", Format: "json", Derived: pub.ID}, []byte("next"))
	require.NoError(t, err)
	_, err = s.Publish(ctx, pub.ID, "li")
	require.NoError(t, err)

	statements := []string{
		`UPDATE runs SET summary = 'x' WHERE id = %[1]d`,
		`UPDATE runs SET status = 'failed' WHERE id = %[1]d`,
		`UPDATE runs SET published = NULL WHERE id = %[1]d`,
		`DELETE FROM runs WHERE id = %[1]d`,
		`UPDATE results SET data = 'forged' WHERE run = %[1]d`,
		`DELETE FROM results WHERE run = %[1]d`,
		`INSERT INTO blobs (run, name, data) VALUES (%[1]d, 'extra', 'x')`,
		`UPDATE blobs SET data = 'forged' WHERE run = %[1]d`,
		`UPDATE blobs SET run = %[2]d WHERE run = %[1]d`,
		`DELETE FROM blobs WHERE run = %[1]d`,
		`UPDATE files SET name = 'forged' WHERE id = %[3]d`,
		`DELETE FROM file_data WHERE file = %[3]d`,
		`UPDATE file_data SET data = 'forged' WHERE file = %[3]d`,
		`UPDATE file_data SET data = 'forged' WHERE file = %[4]d`,
		`DELETE FROM file_data WHERE file = %[5]d`,
	}
	for _, q := range statements {
		_, err := s.db.ExecContext(ctx, fmt.Sprintf(q, pub.ID, free.ID, cohort.ID, resp.ID, derived.ID))
		require.Error(t, err, q)
		require.ErrorIs(t, wrap(err), ErrPublished, q)
	}
	// The result of an unpublished run cannot be moved onto the published one.
	_, err = s.db.ExecContext(ctx, `UPDATE results SET run = ? WHERE run = ?`, pub.ID, free.ID)
	require.Error(t, err)

	// Nothing changed.
	r, err := s.Run(ctx, pub.ID)
	require.NoError(t, err)
	require.Equal(t, Done, r.Status)
	require.Equal(t, "{}", string(r.Summary))
	require.False(t, r.Published.IsZero())
	res, err := s.RunResult(ctx, pub.ID)
	require.NoError(t, err)
	require.Equal(t, "result", string(res))
	names, err := s.RunBlobNames(ctx, pub.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"cohort.json"}, names)
	for id, want := range map[int64]string{cohort.ID: "cohort", resp.ID: "resp", derived.ID: "next"} {
		d, err := s.FileData(ctx, id)
		require.NoError(t, err)
		require.Equal(t, want, string(d))
	}
	require.ErrorIs(t, s.FailRun(ctx, pub.ID, "x"), ErrNotRunning)

	// The same statements on the unpublished run (and a file only it read)
	// go through: they are refused for publication, not for being SQL.
	free2 := mk(0)
	other, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Name: "o", Format: "json"}, []byte("o"))
	require.NoError(t, err)
	for _, q := range []string{
		`UPDATE runs SET summary = 'x' WHERE id = %[1]d`,
		`UPDATE results SET data = 'changed' WHERE run = %[1]d`,
		`INSERT INTO blobs (run, name, data) VALUES (%[1]d, 'extra', 'x')`,
		`DELETE FROM blobs WHERE run = %[1]d`,
		`DELETE FROM results WHERE run = %[1]d`,
		`DELETE FROM runs WHERE id = %[1]d`,
		`UPDATE files SET name = 'renamed' WHERE id = %[2]d`,
		`DELETE FROM file_data WHERE file = %[2]d`,
	} {
		_, err := s.db.ExecContext(ctx, fmt.Sprintf(q, free2.ID, other.ID))
		require.NoError(t, err, q)
	}
}
