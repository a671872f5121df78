package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	se, f := seasonWithCohort(t, s, "s")
	r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 1})
	require.NoError(t, err)
	require.NoError(t, s.FinishRun(ctx, r.ID, []byte("result"), "fp", nil, map[string][]byte{"b": []byte("blob")}))
	_, err = s.Publish(ctx, r.ID, "li")
	require.NoError(t, err)
	// A run still running when the backup is made.
	live, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: f.ID, Round: 2})
	require.NoError(t, err)

	dir := t.TempDir()
	bak := filepath.Join(dir, "备份 1.db")
	require.NoError(t, s.Backup(ctx, bak))
	require.ErrorIs(t, s.Backup(ctx, bak), ErrExists)
	require.ErrorIs(t, s.Backup(ctx, path), ErrExists)
	occupied := filepath.Join(dir, "occupied.db")
	require.NoError(t, os.WriteFile(occupied, []byte("keep me"), 0o644))
	require.ErrorIs(t, s.Backup(ctx, occupied), ErrExists)
	b, err := os.ReadFile(occupied)
	require.NoError(t, err)
	require.Equal(t, "keep me", string(b))

	// Changes after the backup are not in it.
	_, err = s.CreateSeason(ctx, Season{Name: "later", Year: 2027})
	require.NoError(t, err)

	c, err := Open(ctx, bak)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.IntegrityCheck(ctx))
	seasons, err := c.Seasons(ctx)
	require.NoError(t, err)
	require.Len(t, seasons, 1)
	got, err := c.Run(ctx, r.ID)
	require.NoError(t, err)
	require.False(t, got.Published.IsZero())
	res, err := c.RunResult(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, "result", string(res))
	d, err := c.FileData(ctx, f.ID)
	require.NoError(t, err)
	require.Equal(t, "cohort", string(d))
	// The run that was live in the original has no live owner in the copy.
	got, err = c.Run(ctx, live.ID)
	require.NoError(t, err)
	require.Equal(t, Interrupted, got.Error)
	// And in the original it is still running.
	got, err = s.Run(ctx, live.ID)
	require.NoError(t, err)
	require.Equal(t, Running, got.Status)
}

func TestIntegrityCheckFindsDanglingReference(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	require.NoError(t, s.IntegrityCheck(ctx))
	conn, err := s.db.Conn(ctx)
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`)
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, `INSERT INTO files (season, kind, name, format, size, sha256, accepted, fingerprint, created_by, created)
		VALUES (42, 'cohort', 'x', 'json', 0, '', 0, '', '', 0)`)
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	require.NoError(t, err)
	conn.Close()
	err = s.IntegrityCheck(ctx)
	require.ErrorContains(t, err, "files row")
}

// exportFixture fills a store with two seasons; the first has files with
// hostile names, a published run with blobs whose names clash once made
// safe, and a failed run.
func exportFixture(t *testing.T, s *Store) (Season, Season) {
	t.Helper()
	ctx := context.Background()
	se, err := s.CreateSeason(ctx, Season{Name: "2026 春季", Year: 2026, CreatedBy: "li"})
	require.NoError(t, err)
	other, err := s.CreateSeason(ctx, Season{Name: "other", Year: 2025})
	require.NoError(t, err)
	names := []string{"../../evil.xlsx", `..\..\win.xlsx`, "/etc/passwd", "C:\\x:y.csv", "学生名单.xlsx", "", "..", "CON", ".hidden", strings.Repeat("长", 200) + ".xlsx"}
	var cohort File
	for i, n := range names {
		f, err := s.AddFile(ctx, File{Season: se.ID, Kind: KindCohort, Name: n, Format: "xlsx", Accepted: i%2 == 0,
			Outcome: []byte(`{"problems":[]}`), CreatedBy: "li"}, []byte("data of "+n))
		require.NoError(t, err)
		if i == 0 {
			cohort = f
		}
	}
	_, err = s.AddFile(ctx, File{Season: other.ID, Kind: KindCohort, Name: "other.xlsx", Format: "xlsx"}, []byte("other"))
	require.NoError(t, err)
	r, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "solve", Cohort: cohort.ID, Round: 1, Options: []byte("not json"), CreatedBy: "li"})
	require.NoError(t, err)
	require.NoError(t, s.FinishRun(ctx, r.ID, []byte(`{"result":1}`), "fp-r", []byte(`{"placed":1}`),
		map[string][]byte{"diff.json": []byte("d"), "a/b": []byte("ab"), "a_b": []byte("a_b"), "../up": []byte("up")}))
	_, err = s.Publish(ctx, r.ID, "wang")
	require.NoError(t, err)
	w, err := s.StartRun(ctx, Run{Season: se.ID, Kind: "whatif", Cohort: cohort.ID, Base: r.ID, Round: 1})
	require.NoError(t, err)
	require.NoError(t, s.FailRun(ctx, w.ID, "bad"))
	return se, other
}

func TestExportSeason(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	se, _ := exportFixture(t, s)
	parent := t.TempDir()
	dir := filepath.Join(parent, "export")
	require.NoError(t, s.ExportSeason(ctx, se.ID, dir))
	require.Equal(t, "export", dirNames(t, parent), "no temporary folder left")

	var m struct {
		Season struct {
			ID   int64
			Name string
		}
		Files []struct {
			ID     int64
			Name   string
			Path   string
			SHA256 string
		}
		Runs []struct {
			ID                int64
			Status            RunStatus
			Error             string
			Result            string
			Blobs             map[string]string
			ResultFingerprint string `json:"result_fingerprint"`
			PublishedBy       string `json:"published_by"`
			Options           json.RawMessage
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "season.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &m))
	require.Equal(t, se.ID, m.Season.ID)
	require.Equal(t, se.Name, m.Season.Name)

	files, err := s.Files(ctx, se.ID, "")
	require.NoError(t, err)
	require.Len(t, m.Files, len(files))
	var written []string
	inside := func(rel string) string {
		t.Helper()
		require.False(t, filepath.IsAbs(rel), rel)
		p := filepath.Join(dir, filepath.FromSlash(rel))
		r, err := filepath.Rel(dir, p)
		require.NoError(t, err)
		require.False(t, strings.HasPrefix(r, ".."), rel)
		require.Equal(t, 2, len(strings.Split(rel, "/")), "one folder deep: %q", rel)
		base := filepath.Base(p)
		require.False(t, strings.HasPrefix(strings.SplitN(base, "-", 2)[1], "."), rel)
		written = append(written, rel)
		return p
	}
	for _, mf := range m.Files {
		data, err := os.ReadFile(inside(mf.Path))
		require.NoError(t, err)
		want, err := s.FileData(ctx, mf.ID)
		require.NoError(t, err)
		require.Equal(t, want, data)
		sum := sha256.Sum256(data)
		require.Equal(t, hex.EncodeToString(sum[:]), mf.SHA256)
	}
	require.Len(t, m.Runs, 2)
	pub := m.Runs[0]
	require.Equal(t, Done, pub.Status)
	require.Equal(t, "wang", pub.PublishedBy)
	require.Equal(t, "fp-r", pub.ResultFingerprint)
	require.Equal(t, `"not json"`, string(pub.Options))
	data, err := os.ReadFile(inside(pub.Result))
	require.NoError(t, err)
	require.Equal(t, `{"result":1}`, string(data))
	require.Len(t, pub.Blobs, 4)
	for name, rel := range pub.Blobs {
		data, err := os.ReadFile(inside(rel))
		require.NoError(t, err)
		want, err := s.RunBlob(ctx, pub.ID, name)
		require.NoError(t, err)
		require.Equal(t, want, data, name)
	}
	require.Equal(t, Failed, m.Runs[1].Status)
	require.Empty(t, m.Runs[1].Result)

	// Every file in the folder is in the manifest, and nothing else is there.
	var all []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if !d.IsDir() && d.Name() != "season.json" {
			r, _ := filepath.Rel(dir, p)
			all = append(all, filepath.ToSlash(r))
		}
		return nil
	}))
	sort.Strings(all)
	sort.Strings(written)
	require.Equal(t, written, all)

	// A second export to the same folder is refused, the first kept.
	require.ErrorIs(t, s.ExportSeason(ctx, se.ID, dir), ErrExists)
	require.FileExists(t, filepath.Join(dir, "season.json"))
}

func TestExportSeasonFailsWhole(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	parent := t.TempDir()
	err := s.ExportSeason(ctx, 77, filepath.Join(parent, "x"))
	require.ErrorIs(t, err, ErrNotFound)
	require.Empty(t, dirNames(t, parent), "neither the folder nor a temporary one is left")

	// A cancelled context stops it too, leaving nothing.
	se, _ := exportFixture(t, s)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	require.Error(t, s.ExportSeason(cctx, se.ID, filepath.Join(parent, "y")))
	require.Empty(t, dirNames(t, parent))
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"学生名单.xlsx":       "学生名单.xlsx",
		"../../evil.xlsx": "_.._evil.xlsx",
		`..\a`:            `_a`,
		"/etc/passwd":     "_etc_passwd",
		"a:b*c?.csv":      "a_b_c_.csv",
		"":                "file",
		"..":              "file",
		".":               "file",
		" . ":             "file",
		".hidden":         "hidden",
		"trailing. ":      "trailing",
		"tab\there":       "tab_here",
		"bad\xffutf8":     "bad_utf8",
	} {
		require.Equal(t, want, safeName(in), "%q", in)
	}
	long := safeName(strings.Repeat("长", 200))
	require.LessOrEqual(t, len(long), maxSafeName)
	require.True(t, strings.HasPrefix(strings.Repeat("长", 200), long))
}
