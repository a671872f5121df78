package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/xlsxfile"
	"github.com/placement-engine/placement/matching"
)

// optimalCSV writes the rank-sum optimal allocation of the cohort at path
// under seed as a CSV result, as solve did before it refused to (a CSV
// file cannot carry the certificate): such files must still read.
func optimalCSV(t *testing.T, cohort string, seed uint64, out string) {
	t.Helper()
	c, err := loadCohort(cohort)
	require.NoError(t, err)
	inst, err := matching.Compile(t.Context(), c, &matching.CompileOptions{Seed: seed})
	require.NoError(t, err)
	res, err := matching.SolveOptimal(t.Context(), inst, &matching.OptimalOptions{Objective: matching.RankSum})
	require.NoError(t, err)
	f, err := os.Create(out)
	require.NoError(t, err)
	require.NoError(t, matching.WriteResultCSV(f, res))
	require.NoError(t, f.Close())
}

// TestResultWorkbookForPlanners: a result workbook names everyone beside
// their IDs, and its sheets are tables a planner can read: a bold header
// on a fill, frozen, filtered, columns as wide as their content, the
// sheet's dimension its table.
func TestResultWorkbookForPlanners(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	mustRun(t, "solve", "-cohort", "testdata/named.json", "-mechanism", "optimal", "-out", out)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"assignments", "unplaced", "summary", "objective", "certificate"}, f.GetSheetList())
	rows := func(sheet string) [][]string {
		r, err := f.GetRows(sheet)
		require.NoError(t, err)
		return r
	}
	assert.Equal(t, [][]string{
		{"student", "student_name", "school", "school_name", "major", "level", "home_region", "position", "position_name", "enterprise", "enterprise_name", "position_region", "rank"},
		{"S1", "张伟", "SC01", "东山县职业中学", "农业技术", "secondary", "东山县", "P3", "农技推广", "E1", "国家电网综合能源服务公司", "西河县", "2"},
		{"S2", "王芳", "SC02", "职业技术学院", "电子商务直播", "higher", "西河县", "P1", "光伏运维", "E1", "国家电网综合能源服务公司", "东山县", "1"},
		{"S3", "李娜", "SC02", "职业技术学院", "电子商务直播", "higher", "西河县", "P2", "直播运营", "E2", "短视频平台", "省外", "1"},
	}, rows("assignments"))
	assert.Equal(t, [][]string{
		{"student", "student_name", "school", "school_name", "major", "level", "home_region", "reason"},
		{"S4", "刘洋", "SC01", "东山县职业中学", "电子商务直播", "secondary", "东山县", "no eligible choice"},
	}, rows("unplaced"))

	for sheet, dim := range map[string]string{"assignments": "A1:M4", "unplaced": "A1:H2", "summary": "A1:C16", "objective": "A1:C3"} {
		got, err := f.GetSheetDimension(sheet)
		require.NoError(t, err)
		assert.Equal(t, dim, got, sheet)
		// The header: bold on a fill; the rows below it plain.
		id, err := f.GetCellStyle(sheet, "A1")
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		require.NotNil(t, st.Font, sheet)
		assert.True(t, st.Font.Bold, sheet)
		assert.Equal(t, "pattern", st.Fill.Type, sheet)
		assert.Equal(t, []string{"DDEBF7"}, st.Fill.Color, sheet)
		id, err = f.GetCellStyle(sheet, "A2")
		require.NoError(t, err)
		assert.Zero(t, id, sheet)
		// Frozen below the header.
		panes, err := f.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, sheet)
		assert.Equal(t, 1, panes.YSplit, sheet)
		assert.Equal(t, "A2", panes.TopLeftCell, sheet)
	}
	// Widths by content: 12 CJK characters count 24, plus a margin; a
	// short column keeps the minimum.
	w, err := f.GetColWidth("assignments", "K")
	require.NoError(t, err)
	assert.Equal(t, 26.0, w)
	w, err = f.GetColWidth("assignments", "M")
	require.NoError(t, err)
	assert.Equal(t, 6.0, w)
	// A filter on every table.
	var filters []string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters = append(filters, dn.RefersTo)
		}
	}
	assert.Contains(t, filters, "'assignments'!$A$1:$M$4")

	// The certificate is the JSON file's, potential for potential.
	js := filepath.Join(dir, "r.json")
	mustRun(t, "solve", "-cohort", "testdata/named.json", "-mechanism", "optimal", "-out", js)
	c, err := loadCohort("testdata/named.json")
	require.NoError(t, err)
	jf, err := os.Open(js)
	require.NoError(t, err)
	defer jf.Close()
	fromJSON, err := matching.ReadResultJSON(jf, c)
	require.NoError(t, err)
	xf, err := os.Open(out)
	require.NoError(t, err)
	defer xf.Close()
	fromExcel, err := readResultExcel(xf, "r.xlsx", c)
	require.NoError(t, err)
	require.NotNil(t, fromExcel.Certificate)
	assert.Equal(t, fromJSON.Certificate, fromExcel.Certificate)
	assert.Equal(t, fromJSON.ObjectiveValue, fromExcel.ObjectiveValue)
	assert.Equal(t, fromJSON.Placements, fromExcel.Placements)
}

// TestCertificateCells: a certificate of many nodes fills rows of 16; one
// of huge potentials keeps them exactly (as text); both read back equal.
func TestCertificateCells(t *testing.T) {
	var pot []int64
	for i := range 40 {
		pot = append(pot, int64(i*i)-100)
	}
	cert := &matching.Certificate{Phases: []matching.CertificatePhase{
		{Criteria: []string{"unplaced"}, Potentials: pot},
		{Criteria: []string{"rank 1", "rank 2"}, Potentials: []int64{1 << 62, -(1 << 61), 7}},
	}}
	f := xlsxfile.New()
	require.NoError(t, xlsxfile.WriteTable(f, "summary", []string{"item", "value"}, 1, func(int) ([]any, error) {
		return []any{"objective", "rank-maximal"}, nil
	}))
	require.NoError(t, xlsxfile.WriteTable(f, "assignments", []string{"student", "position", "rank"}, 0, nil))
	require.NoError(t, xlsxfile.WriteTable(f, "unplaced", []string{"student"}, 0, nil))
	require.NoError(t, xlsxfile.WriteTable(f, "objective", []string{"criterion", "sense", "value"}, 0, nil))
	require.NoError(t, writeCertificateSheet(f, cert, lang.English))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	require.NoError(t, f.Close())

	c, err := loadCohort("testdata/named.json")
	require.NoError(t, err)
	rf, err := readResultExcel(bytes.NewReader(buf.Bytes()), "c.xlsx", c)
	require.NoError(t, err)
	assert.Equal(t, cert, rf.Certificate)

	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	defer g.Close()
	rows, err := g.GetRows("certificate")
	require.NoError(t, err)
	require.Len(t, rows, 1+3+1, "40 potentials in rows of 16, then 3")
	assert.Equal(t, []string{"1", "unplaced", "32", "924", "989", "1056", "1125", "1196", "1269", "1344", "1421"}, rows[3])
	typ, err := g.GetCellType("certificate", "D5")
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeInlineString, typ, "a potential beyond 15 digits is text")
	assert.Equal(t, "4611686018427387904", rows[4][3])
}

// TestCheckOptimalExcel: check verifies an optimal result workbook's
// optimality by its certificate, as for JSON, and rejects one whose
// certificate or stated value was changed; a workbook without the
// certificate sheet (written before it was added) checks as before.
func TestCheckOptimalExcel(t *testing.T) {
	dir := t.TempDir()
	for _, obj := range []string{"rank-sum", "rank-maximal", "generous"} {
		out := filepath.Join(dir, obj+".xlsx")
		mustRun(t, "solve", "-cohort", "testdata/quotas.json", "-mechanism", "optimal", "-objective", obj, "-out", out)
		stdout := mustRun(t, "check", "-cohort", "testdata/quotas.json", "-result", out)
		assert.Contains(t, stdout, "("+obj+"), certificate checked", obj)

		edit := func(name string, change func(f *excelize.File)) string {
			f, err := excelize.OpenFile(out)
			require.NoError(t, err)
			defer f.Close()
			change(f)
			path := filepath.Join(dir, obj+"-"+name+".xlsx")
			require.NoError(t, f.SaveAs(path))
			return path
		}
		potential := edit("potential", func(f *excelize.File) {
			v, err := f.GetCellValue("certificate", "D2")
			require.NoError(t, err)
			n, err := strconv.ParseInt(v, 10, 64)
			require.NoError(t, err)
			require.NoError(t, f.SetCellValue("certificate", "D2", n+1000))
		})
		code, stdout, stderr := runCmd("check", "-cohort", "testdata/quotas.json", "-result", potential)
		assert.Equal(t, exitFindings, code, "%s: a changed potential must fail: %s", obj, stdout+stderr)
		assert.Contains(t, stdout, "certificate rejected", obj)

		value := edit("value", func(f *excelize.File) {
			v, err := f.GetCellValue("objective", "C2")
			require.NoError(t, err)
			n, err := strconv.ParseInt(v, 10, 64)
			require.NoError(t, err)
			require.NoError(t, f.SetCellValue("objective", "C2", n+1))
		})
		code, stdout, _ = runCmd("check", "-cohort", "testdata/quotas.json", "-result", value)
		assert.Equal(t, exitFindings, code, obj)
		assert.Contains(t, stdout, "objective value", obj)

		broken := edit("broken", func(f *excelize.File) {
			require.NoError(t, f.SetCellValue("certificate", "C2", 5))
		})
		code, _, stderr = runCmd("check", "-cohort", "testdata/quotas.json", "-result", broken)
		assert.Equal(t, exitUsage, code, obj)
		assert.Contains(t, stderr, `sheet "certificate" row 2: node "5", want 0`, obj)

		old := edit("old", func(f *excelize.File) { require.NoError(t, f.DeleteSheet("certificate")) })
		stdout = mustRun(t, "check", "-cohort", "testdata/quotas.json", "-result", old)
		assert.Contains(t, stdout, "optimality not checked (the file carries no certificate)", obj)
	}
}

// TestOldResultFiles: result files as the command wrote them before the
// descriptive columns (IDs only) still read and check.
func TestOldResultFiles(t *testing.T) {
	dir := t.TempDir()
	wb := excelize.NewFile()
	sheet := func(name string, rows ...[]any) {
		if wb.GetSheetName(0) == "Sheet1" {
			require.NoError(t, wb.SetSheetName("Sheet1", name))
		} else {
			_, err := wb.NewSheet(name)
			require.NoError(t, err)
		}
		for i, r := range rows {
			require.NoError(t, wb.SetSheetRow(name, fmt.Sprintf("A%d", i+1), &r))
		}
	}
	// tiny.json under student-da, seed 7, as the old writer laid it out.
	sheet("assignments", []any{"student", "position", "rank"}, []any{"S1", "P2", 2}, []any{"S2", "P1", 1}, []any{"S3", "P3", 2})
	sheet("unplaced", []any{"student", "reason"}, []any{"S4", "rejected by every choice"}, []any{"S5", "empty list"})
	sheet("summary", []any{"item", "value"}, []any{"format", "placement-result/1"}, []any{"cohort", "tiny"},
		[]any{"mechanism", "student-da"}, []any{"tie_break", "single"}, []any{"seed", "7"}, []any{"reserve_order", "reserved-first"})
	oldXLSX := filepath.Join(dir, "old.xlsx")
	require.NoError(t, wb.SaveAs(oldXLSX))
	require.NoError(t, wb.Close())
	stdout := mustRun(t, "check", "-cohort", "testdata/tiny.json", "-result", oldXLSX)
	assert.Contains(t, stdout, "no findings: 5 students")

	oldCSV := filepath.Join(dir, "old.csv")
	require.NoError(t, os.WriteFile(oldCSV, []byte("student,position,rank,reason\nS1,P2,2,\nS2,P1,1,\nS3,P3,2,\nS4,,,rejected by every choice\nS5,,,empty list\n"), 0o644))
	stdout = mustRun(t, "check", "-cohort", "testdata/tiny.json", "-result", oldCSV, "-seed", "7")
	assert.Contains(t, stdout, "no findings: 5 students")

	// Today's files hold the same placements.
	for _, ext := range []string{".xlsx", ".csv"} {
		now := filepath.Join(dir, "now"+ext)
		mustRun(t, "solve", "-cohort", "testdata/tiny.json", "-seed", "7", "-out", now)
		c, err := loadCohort("testdata/tiny.json")
		require.NoError(t, err)
		a, _, err := readResult(c, now, csvResult{Seed: 7, TieBreak: "single", ReserveOrder: "reserved-first"})
		require.NoError(t, err)
		b, _, err := readResult(c, filepath.Join(dir, "old"+ext), csvResult{Seed: 7, TieBreak: "single", ReserveOrder: "reserved-first"})
		require.NoError(t, err)
		assert.Equal(t, b.Placements, a.Placements, ext)
	}
}

// TestRefusedOutputNames: an output whose name's extension is not one of
// its formats is refused before any work (the inputs named do not exist:
// reading them would be another error), with the formats it takes, and
// nothing is written.
func TestRefusedOutputNames(t *testing.T) {
	changes := "testdata/none-changes.json"
	for _, tc := range []struct {
		name string
		args []string // the output's name is "OUT"
		want string
	}{
		{"solve .xls", []string{"solve", "-cohort", "testdata/none.json", "-out", "r.xls"}, "-out r.xls: the .xls format (Excel 97-2003) is not written; name the file .xlsx"},
		{"solve no extension", []string{"solve", "-cohort", "testdata/none.json", "-out", "result"}, "-out result: the name has no extension to say its format; end it in .json, .csv or .xlsx"},
		{"solve .txt", []string{"solve", "-cohort", "testdata/none.json", "-out", "r.txt"}, "-out r.txt: .txt is not a format of -out; end the name in .json, .csv or .xlsx"},
		{"solve optimal .csv", []string{"solve", "-cohort", "testdata/none.json", "-mechanism", "optimal", "-out", "r.csv"}, "-out r.csv: a CSV result cannot carry the certificate that proves an optimal allocation optimal; write it as .xlsx or .json"},
		{"whatif -out .xls", []string{"whatif", "-cohort", "testdata/none.json", "-changes", changes, "-out", "r.xls"}, "-out r.xls: the .xls format (Excel 97-2003) is not written"},
		{"whatif optimal -out .csv", []string{"whatif", "-cohort", "testdata/none.json", "-changes", changes, "-mechanism", "optimal", "-out", "r.csv"}, "a CSV result cannot carry the certificate"},
		{"whatif -diff .xls", []string{"whatif", "-cohort", "testdata/none.json", "-changes", changes, "-diff", "d.xls"}, "-diff d.xls: the .xls format (Excel 97-2003) is not written"},
		{"whatif -diff .txt", []string{"whatif", "-cohort", "testdata/none.json", "-changes", changes, "-diff", "d.txt"}, "-diff d.txt: .txt is not a format of -diff; end the name in .json, .csv or .xlsx"},
		{"whatif -changed-cohort .xls", []string{"whatif", "-cohort", "testdata/none.json", "-changes", changes, "-changed-cohort", "c.xls"}, "-changed-cohort c.xls: the .xls format (Excel 97-2003) is not written"},
		{"whatif -changed-cohort .csv", []string{"whatif", "-cohort", "testdata/none.json", "-changes", changes, "-changed-cohort", "c.csv"}, `-changed-cohort c.csv: unknown format ".csv"`},
		{"gen .xls", []string{"gen", "-students", "20", "-out", "g.xls"}, "-out g.xls: the .xls format (Excel 97-2003) is not written"},
		{"gen .csv", []string{"gen", "-students", "20", "-out", "g.csv"}, `-out g.csv: unknown format ".csv": want FILE.json, FILE.xlsx, or a folder for CSV files`},
		{"report -html .pdf", []string{"report", "-cohort", "testdata/none.json", "-result", "testdata/none.json", "-html", "r.pdf"}, "-html r.pdf: .pdf is not a format of -html; end the name in .html or .htm"},
		{"report -charts .png", []string{"report", "-cohort", "testdata/none.json", "-result", "testdata/none.json", "-charts", "charts.png"}, "-charts charts.png: a folder, not a .png file: give a folder's name"},
		{"export-flow .txt", []string{"export-flow", "-cohort", "testdata/none.json", "-out", "f.txt"}, "-out f.txt: .txt is not a format of -out; end the name in .min"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := slices.Clone(tc.args)
			for i, a := range args {
				if i > 0 && strings.HasPrefix(args[i-1], "-") && slices.Contains([]string{"-out", "-diff", "-html", "-charts", "-changed-cohort"}, args[i-1]) {
					args[i] = filepath.Join(dir, a)
				}
			}
			code, stdout, stderr := runCmd(args...)
			assert.Equal(t, exitUsage, code, stdout+stderr)
			assert.Contains(t, strings.ReplaceAll(stderr, dir+string(filepath.Separator), ""), tc.want)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing written")
		})
	}
}

// TestResultFilesInChinese: under -lang zh, solve writes a result
// workbook and a CSV result in the planner's words (headers, sheets,
// summary items, levels, reasons), the IDs, ranks and code words as they
// are; check (the certificate of the optimal workbook included), explain
// and report read them and say what they say of the English files, and
// the placements read back are the same.
func TestResultFilesInChinese(t *testing.T) {
	const cohort = "testdata/named.json"
	dir := t.TempDir()
	c, err := loadCohort(cohort)
	require.NoError(t, err)
	for _, mech := range []string{"student-da", "optimal"} {
		exts := []string{".xlsx", ".csv"}
		if mech == "optimal" {
			exts = exts[:1] // a CSV file cannot carry the certificate
		}
		for _, ext := range exts {
			files := map[string]string{}
			for _, l := range []string{"en", "zh"} {
				files[l] = filepath.Join(dir, mech+"-"+l+ext)
				mustRun(t, "solve", "-lang", l, "-cohort", cohort, "-mechanism", mech, "-out", files[l])
			}
			name := mech + ext
			// The same placements, read back from either language.
			csv := csvResult{TieBreak: "single", ReserveOrder: "reserved-first", Mechanism: mech}
			en, _, err := readResult(c, files["en"], csv)
			require.NoError(t, err, name)
			zh, _, err := readResult(c, files["zh"], csv)
			require.NoError(t, err, name)
			assert.Equal(t, en.Placements, zh.Placements, name)
			assert.Equal(t, en.Fingerprint, zh.Fingerprint, name)
			assert.Equal(t, en.Mechanism, zh.Mechanism, name)
			assert.Equal(t, en.Seed, zh.Seed, name)
			assert.Equal(t, en.Certificate, zh.Certificate, name)
			assert.Equal(t, en.ObjectiveValue, zh.ObjectiveValue, name)
			if mech == "optimal" {
				require.NotNil(t, zh.Certificate, name)
			}

			// check, explain and report say the same of both files.
			same := func(args ...string) {
				t.Helper()
				var outs []string
				for _, l := range []string{"en", "zh"} {
					full := append(slices.Clone(args), "-result", files[l])
					if ext == ".csv" {
						full = append(full, "-mechanism", mech)
					}
					code, stdout, stderr := runCmd(full...)
					require.Equal(t, 0, code, "%s %s: %s", name, l, stderr)
					outs = append(outs, maskTimes(strings.ReplaceAll(stdout, files[l], "RESULT")))
				}
				assert.Equal(t, outs[0], outs[1], "%s: %v", name, args)
				assert.NotEmpty(t, outs[1])
			}
			same("check", "-lang", "en", "-cohort", cohort)
			same("check", "-lang", "zh", "-cohort", cohort)
			for _, st := range c.Students() {
				same("explain", "-lang", "zh", "-cohort", cohort, "-student", st.ID)
			}
			same("explain", "-lang", "en", "-cohort", cohort, "-position", c.Positions()[0].ID)
			same("report", "-lang", "zh", "-cohort", cohort)
			if mech == "optimal" {
				stdout := mustRun(t, "check", "-lang", "en", "-cohort", cohort, "-result", files["zh"])
				assert.Contains(t, stdout, "certificate checked")
			}
		}
	}

	// The Chinese workbook: sheets, headers, summary items in Chinese;
	// the level and reason in words; IDs, ranks and code words as they are.
	f, err := excelize.OpenFile(filepath.Join(dir, "optimal-zh.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"分配结果", "未分配", "概要", "目标", "最优性证书"}, f.GetSheetList())
	rows := func(sheet string) [][]string {
		r, err := f.GetRows(sheet)
		require.NoError(t, err)
		return r
	}
	assert.Equal(t, []string{"学生", "姓名", "学校", "学校名称", "专业", "层次", "生源地", "岗位", "岗位名称", "企业", "企业名称", "岗位所在地", "志愿位次"}, rows("分配结果")[0])
	assert.Equal(t, []string{"S1", "张伟", "SC01", "东山县职业中学", "农业技术", "中职", "东山县", "P3", "农技推广", "E1", "国家电网综合能源服务公司", "西河县", "2"}, rows("分配结果")[1])
	assert.Equal(t, [][]string{
		{"学生", "姓名", "学校", "学校名称", "专业", "层次", "生源地", "未分配原因"},
		{"S4", "刘洋", "SC01", "东山县职业中学", "电子商务直播", "中职", "东山县", "所填志愿均不符合报考条件（专业、最低分数或专项岗位要求）"},
	}, rows("未分配"))
	summary := rows("概要")
	assert.Equal(t, []string{"项目", "值", "说明"}, summary[0])
	// The code words a program reads, with the planner's words beside them.
	assert.Contains(t, summary, []string{"分配方式", "optimal", "最优分配"})
	assert.Contains(t, summary, []string{"目标", "rank-sum", "志愿位次总和最小"})
	assert.Contains(t, summary, []string{"抽签方式", "single", "全部岗位共用一次抽签"})
	assert.Contains(t, summary, []string{"名额顺序", "reserved-first", "先填预留名额"})
	assert.Contains(t, summary, []string{"数据指纹", c.Fingerprint()})
	assert.Contains(t, summary, []string{"第 1 志愿人数", "2"})
	assert.Equal(t, []string{"指标", "方向", "值"}, rows("目标")[0])
	assert.Equal(t, []string{"阶段", "阶段指标", "节点"}, rows("最优性证书")[0][:3])
	for _, row := range summary[1:] {
		assert.NotRegexp(t, `^[a-z_]+$`, row[0], "a summary item left in English")
	}

	// The Chinese CSV result, header and rows (golden).
	b, err := os.ReadFile(filepath.Join(dir, "student-da-zh.csv"))
	require.NoError(t, err)
	golden.Check(t, "testdata/result-zh.csv.golden", string(b))
}

// TestWhatifResultInChinese: whatif -lang zh -out writes the changed
// run's result workbook in Chinese too, and it reads against the changed
// cohort (-changed-cohort) as an English one does.
func TestWhatifResultInChinese(t *testing.T) {
	dir := t.TempDir()
	for _, l := range []string{"en", "zh"} {
		out, changed := filepath.Join(dir, l+".xlsx"), filepath.Join(dir, l+"-cohort.json")
		mustRun(t, "whatif", "-lang", l, "-cohort", langCohort, "-changes", "testdata/lang/changes.json", "-out", out, "-changed-cohort", changed)
		f, err := excelize.OpenFile(out)
		require.NoError(t, err)
		sheets := f.GetSheetList()
		require.NoError(t, f.Close())
		if l == "zh" {
			assert.Equal(t, []string{"分配结果", "未分配", "概要"}, sheets)
		} else {
			assert.Equal(t, []string{"assignments", "unplaced", "summary"}, sheets)
		}
		stdout := mustRun(t, "check", "-lang", "en", "-cohort", changed, "-result", out)
		assert.Contains(t, stdout, "no findings", l)
	}
}

// TestChineseWorkbookErrors: a problem in a Chinese workbook is said
// with the sheet's and the column's names as the workbook has them.
func TestChineseWorkbookErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	mustRun(t, "solve", "-lang", "zh", "-cohort", "testdata/named.json", "-mechanism", "optimal", "-out", out)
	f, err := excelize.OpenFile(out)
	require.NoError(t, err)
	require.NoError(t, f.SetCellValue("最优性证书", "C2", 5))
	require.NoError(t, f.SetCellValue("未分配", "A1", "编号"))
	broken := filepath.Join(dir, "broken.xlsx")
	require.NoError(t, f.SaveAs(broken))
	require.NoError(t, f.Close())
	code, _, stderr := runCmd("check", "-lang", "en", "-cohort", "testdata/named.json", "-result", broken)
	assert.Equal(t, exitUsage, code, stderr)
	assert.Contains(t, stderr, `sheet "最优性证书" row 2: node "5", want 0`)
	assert.Contains(t, stderr, `sheet "未分配" row 1: no column "学生"`)
}
