package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/textwidth"
	"github.com/placement-engine/placement/internal/words"
)

// WriteHTML writes the report, in its language, as one self-contained
// HTML page, with a glossary of its terms at the end: inline CSS,
// each chart as an inline SVG element with id "chart-" + ID, each table
// with id "table-" + ID, no script and no reference to anything outside
// the file. A chart's table follows it, so every number drawn is also
// there as text. Text is escaped; the output is the same bytes for the
// same report.
func (rp *Report) WriteHTML(w io.Writer) error {
	c := rp.cohort
	p := rp.p
	nS := rp.students
	seats := 0
	for _, pos := range c.Positions() {
		seats += pos.Capacity
	}
	page := htmlPage{
		Lang:     "en",
		Title:    p.Sprintf("Placement report: %s", rp.cohortName()),
		Cohort:   rp.cohortLine(seats),
		Glossary: rp.glossary(),
	}
	if r := rp.roundsName(); r != "" {
		page.Title = p.Sprintf("Placement report: %s, %s", rp.cohortName(), r)
	}
	if rp.lang == lang.Chinese {
		page.Lang = "zh-CN"
	}
	for _, st := range rp.res {
		page.Results = append(page.Results, htmlResult{
			Label: st.label, Share: pct(st.placed, nS),
			Placed:   p.Sprintf("%d of %d students placed; %d unplaced", st.placed, nS, nS-st.placed),
			Rank:     p.Sprintf("total rank %d, mean rank %s", st.totalRank, meanRank(st.totalRank, st.placed)),
			Policies: rp.policyLine(st),
		})
	}
	if cm := rp.cmp; cm != nil {
		a, b := rp.res[0].label, rp.res[1].label
		page.Compare = p.Sprintf("Against each other: %d students are better off under %s, %d under %s, %d the same.", cm.better, a, cm.worse, b, cm.same)
		if cm.hasBlocking {
			page.Compare += " " + p.Sprintf("Under %s, %d pairs of a student and a position would both rather be together (%d students in them).",
				rp.res[cm.optimal].label, cm.blocking, cm.studentsInBlocking)
		}
	}
	for _, t := range rp.tables {
		sec := htmlSection{ID: t.ID, Title: t.Title, Note: t.Note, Total: rp.cells(t, t.Total), Long: len(t.Rows) > 25}
		sec.Groups, sec.Header = rp.headerRows(t)
		for _, row := range t.Rows {
			sec.Rows = append(sec.Rows, rp.cells(t, row))
		}
		for _, ch := range rp.charts {
			if ch.id == t.ID {
				b, err := ch.render("svg")
				if err != nil {
					return err
				}
				svg, err := inlineSVG(b, ch.id, ch.title)
				if err != nil {
					return err
				}
				sec.SVG = svg
			}
		}
		page.Sections = append(page.Sections, sec)
	}
	tmpl, err := pageTemplate.Clone()
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	tmpl.Funcs(template.FuncMap{"T": func(s string) string { return p.Sprintf(s, noArgs...) }})
	return tmpl.Execute(w, page)
}

// noArgs lets a message be looked up by a key held in a variable.
var noArgs []any

// glossary explains the report's terms in its language, each named as
// package words names it for the command too.
func (rp *Report) glossary() []htmlTerm {
	p := rp.p
	term := func(code string) string { return words.Term(rp.lang, code) }
	blocking := term("blocking pair")
	if rp.lang != lang.Chinese {
		blocking += " (blocking pair)" // the name in the code's documentation
	}
	return []htmlTerm{
		{term("stable allocation"), p.Sprintf("An allocation in which no student and position would both rather be together than with what they got. \"Students first\" gives every student the best position they can have in any stable allocation; \"enterprises first\" does the same for the positions.")},
		{term("optimal allocation"), p.Sprintf("The allocation with the best total outcome under every quota (for example the least total rank, or the most first choices), computed exactly. It keeps promises a stable allocation cannot guarantee, such as floors, but some students and positions may then prefer each other.")},
		{term("rank"), p.Sprintf("The place of the position obtained on the student's list of choices: 1 is the first choice. A lower total or mean rank is better.")},
		{term("seats"), p.Sprintf("How many students a position takes.")},
		{term("cutoff"), p.Sprintf("The priority of the last student admitted to a position: a student ranked above it would have been admitted.")},
		{term("special post"), p.Sprintf("A grassroots post that a county keeps for the special-post students recruited from it; every special-post student must be placed in one.")},
		{term("special-post student"), p.Sprintf("A student recruited by a county for its grassroots posts, trained by a school of the group, who may take only a special post of that county.")},
		{term("order class"), p.Sprintf("A class an enterprise co-trains; its members have priority for the seats the enterprise reserves for them, and seats they leave return to open competition.")},
		{term("cap"), p.Sprintf("The most students a region or an enterprise may take.")},
		{term("floor"), p.Sprintf("The fewest students a region or a position should receive.")},
		{blocking, p.Sprintf("A student and a position who each prefer the other to what the allocation gave them. A stable allocation has none; an optimal one may have some: that is the price of optimality.")},
	}
}

type htmlPage struct {
	Lang, Title, Cohort string
	Results             []htmlResult
	Compare             string
	Sections            []htmlSection
	Glossary            []htmlTerm
}

type htmlResult struct {
	Label, Share, Placed, Rank, Policies string
}

type htmlTerm struct {
	Term, Text string
}

type htmlSection struct {
	ID, Title, Note string
	SVG             template.HTML
	// Groups is a first header row naming the results over their
	// columns, when there are two; Header the column names.
	Groups []htmlGroup
	Header []htmlHead
	Rows   [][]htmlCell
	Total  []htmlCell
	Long   bool // many rows: the table scrolls
}

type htmlGroup struct {
	Text string
	Span int
}

type htmlHead struct {
	Text    string
	Numeric bool // a column of numbers: aligned right
	ID      bool // a column of IDs: set small
	Short   bool // a word never broken (see short)
}

// short reports whether a cell's text is a word too short to break: at
// most 6 Chinese characters (12 columns). A browser breaks Chinese between
// any two characters, and gives a column in a wide table the width of its
// widest character: 名称 and 省外 were set one character a line.
func short(s string) bool { return textwidth.String(s) <= 12 }

// headerRows splits column names of the form "label: name", with two
// results, into a row of result labels spanning their columns and a row of
// names; with one result, or columns of no result, the first row has an
// empty cell.
func (rp *Report) headerRows(t Table) ([]htmlGroup, []htmlHead) {
	var groups []htmlGroup
	var heads []htmlHead
	for i, h := range t.Header {
		label := ""
		if len(rp.res) > 1 {
			for _, st := range rp.res {
				if rest, ok := strings.CutPrefix(h, st.label+": "); ok {
					label, h = st.label, rest
				}
			}
		}
		heads = append(heads, htmlHead{Text: h, Numeric: i > 0 && label != "", ID: i < len(t.cols) && t.cols[i] == colID, Short: short(h)})
		if n := len(groups); n > 0 && groups[n-1].Text == label {
			groups[n-1].Span++
		} else {
			groups = append(groups, htmlGroup{Text: label, Span: 1})
		}
	}
	if len(groups) == 1 && groups[0].Text == "" {
		groups = nil
	}
	return groups, heads
}

type htmlCell struct {
	Text    string
	Numeric bool
	ID      bool
	Short   bool
}

func (rp *Report) cells(t Table, row []string) []htmlCell {
	var out []htmlCell
	for i, s := range row {
		id := i < len(t.cols) && t.cols[i] == colID
		out = append(out, htmlCell{Text: s, Numeric: !id && numeric(s), ID: id, Short: short(s)})
	}
	return out
}

// numeric reports whether a cell holds a number, a percentage or "–", to
// align it right.
func numeric(s string) bool {
	s = strings.TrimSuffix(s, " %")
	if s == "–" {
		return true
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// inlineSVG turns a standalone SVG document from the plot package into an
// element for an HTML page: without the XML declaration and comment, with
// an id and an accessible name.
func inlineSVG(doc []byte, id, title string) (template.HTML, error) {
	i := bytes.Index(doc, []byte("<svg"))
	if i < 0 {
		return "", fmt.Errorf("report: chart %s: no <svg> element in the plot's output", id)
	}
	var b strings.Builder
	b.WriteString(`<svg id="chart-`)
	b.WriteString(template.HTMLEscapeString(id))
	b.WriteString(`" role="img" aria-label="`)
	b.WriteString(template.HTMLEscapeString(title))
	b.WriteString(`"`)
	b.Write(doc[i+len("<svg"):])
	return template.HTML(b.String()), nil
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{"T": func(s string) string { return s }}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Liberation Sans", Arial, sans-serif; margin: 0 auto; max-width: 64rem; padding: 1rem 1.5rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; }
.cohort { color: #555; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 0.6rem 1rem; min-width: 16rem; max-width: 28rem; }
.card h3 { margin: 0 0 0.3rem; font-size: 1.05rem; }
.card .big { font-size: 1.6rem; font-weight: bold; }
.card .policies { color: #444; font-size: 0.9rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
figure { margin: 1rem 0; }
figure svg { width: 100%; max-width: 50rem; height: auto; display: block; }
.table { max-width: 100%; overflow-x: auto; }
.scroll { max-height: 28rem; overflow: auto; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid #e3e3e3; }
th { background: #f3f3f3; text-align: left; }
th.group { text-align: center; border-bottom: 2px solid #999; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, .w { white-space: nowrap; }
td.id, th.id { font-size: 0.8rem; color: #555; white-space: nowrap; }
tfoot td { font-weight: bold; border-top: 2px solid #999; }
.note { color: #444; }
dt { font-weight: bold; margin-top: 0.6rem; }
dd { margin-left: 1.5rem; }
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="cohort">{{.Cohort}}</p>
</header>
<section id="summary">
<h2>{{T "Summary"}}</h2>
<div class="cards">
{{- range .Results}}
<div class="card"><h3>{{.Label}}</h3>
<div class="big">{{.Share}}</div>
<div>{{.Placed}}</div>
<div>{{.Rank}}</div>
{{- if .Policies}}
<div class="policies">{{.Policies}}</div>
{{- end}}</div>
{{- end}}
</div>
{{- with .Compare}}
<p>{{.}}</p>
{{- end}}
<nav><ul>
{{- range .Sections}}
<li><a href="#sec-{{.ID}}">{{.Title}}</a></li>
{{- end}}
<li><a href="#glossary">{{T "Glossary"}}</a></li>
</ul></nav>
</section>
{{- range .Sections}}
<section id="sec-{{.ID}}">
<h2>{{.Title}}</h2>
<p class="note">{{.Note}}</p>
{{- if .SVG}}
<figure>
{{.SVG}}
</figure>
{{- end}}
<div class="table{{if .Long}} scroll{{end}}">
<table id="table-{{.ID}}">
<caption>{{.Title}}</caption>
<thead>
{{- if .Groups}}
<tr>{{range .Groups}}<th{{if gt .Span 1}} colspan="{{.Span}}"{{end}}{{if .Text}} scope="colgroup" class="group"{{end}}>{{.Text}}</th>{{end}}</tr>
{{- end}}
<tr>{{range .Header}}<th scope="col"{{if .Numeric}} class="n"{{else if .ID}} class="id"{{else if .Short}} class="w"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if .Numeric}} class="n"{{else if .ID}} class="id"{{else if .Short}} class="w"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
{{- if .Total}}
<tfoot><tr>{{range .Total}}<td{{if .Numeric}} class="n"{{else if .ID}} class="id"{{else if .Short}} class="w"{{end}}>{{.Text}}</td>{{end}}</tr></tfoot>
{{- end}}
</table>
</div>
</section>
{{- end}}
<section id="glossary">
<h2>{{T "Glossary"}}</h2>
<dl>
{{- range .Glossary}}
<dt>{{.Term}}</dt>
<dd>{{.Text}}</dd>
{{- end}}
</dl>
</section>
</body>
</html>
`))
