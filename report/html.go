package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS,
// each chart as an inline SVG element with id "chart-" + ID, each table
// with id "table-" + ID, no script and no reference to anything outside
// the file. A chart's table follows it, so every number drawn is also
// there as text. Text is escaped; the output is the same bytes for the
// same report.
func (rp *Report) WriteHTML(w io.Writer) error {
	c := rp.cohort
	nS := rp.students
	seats := 0
	for _, p := range c.Positions() {
		seats += p.Capacity
	}
	page := htmlPage{
		Title:  "Placement report: " + name(c.Name()),
		Cohort: fmt.Sprintf("%d students, %d positions with %d seats, %d enterprises, %d regions, %d majors", nS, len(c.Positions()), seats, len(c.Enterprises()), len(c.Regions()), len(c.Majors())),
	}
	for _, st := range rp.res {
		page.Results = append(page.Results, htmlResult{
			Label: st.label, Placed: st.placed, Students: nS, Share: pct(st.placed, nS),
			TotalRank: st.totalRank, MeanRank: meanRank(st.totalRank, st.placed), Unplaced: nS - st.placed,
			Policies: rp.policyLine(st),
		})
	}
	if rp.cmp != nil {
		cm := &htmlCompare{A: rp.res[0].label, B: rp.res[1].label, Better: rp.cmp.better, Worse: rp.cmp.worse, Same: rp.cmp.same}
		if rp.cmp.hasBlocking {
			cm.HasBlocking, cm.Blocking, cm.InBlocking = true, rp.cmp.blocking, rp.cmp.studentsInBlocking
			cm.Optimal = rp.res[rp.cmp.optimal].label
		}
		page.Compare = cm
	}
	for _, t := range rp.tables {
		sec := htmlSection{ID: t.ID, Title: t.Title, Note: t.Note, Total: cells(t.Total), Long: len(t.Rows) > 25}
		sec.Groups, sec.Header = rp.headerRows(t.Header)
		for _, row := range t.Rows {
			sec.Rows = append(sec.Rows, cells(row))
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
	return pageTemplate.Execute(w, page)
}

type htmlPage struct {
	Title, Cohort string
	Results       []htmlResult
	Compare       *htmlCompare
	Sections      []htmlSection
}

type htmlResult struct {
	Label                      string
	Placed, Students, Unplaced int
	Share, MeanRank            string
	Policies                   string
	TotalRank                  int64
}

type htmlCompare struct {
	A, B, Optimal        string
	Better, Worse, Same  int
	HasBlocking          bool
	Blocking, InBlocking int
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
}

// headerRows splits column names of the form "label: name", with two
// results, into a row of result labels spanning their columns and a row of
// names; with one result, or columns of no result, the first row has an
// empty cell.
func (rp *Report) headerRows(header []string) ([]htmlGroup, []htmlHead) {
	var groups []htmlGroup
	var heads []htmlHead
	for i, h := range header {
		label := ""
		if len(rp.res) > 1 {
			for _, st := range rp.res {
				if rest, ok := strings.CutPrefix(h, st.label+": "); ok {
					label, h = st.label, rest
				}
			}
		}
		heads = append(heads, htmlHead{Text: h, Numeric: i > 0 && label != ""})
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
}

func cells(row []string) []htmlCell {
	var out []htmlCell
	for _, s := range row {
		out = append(out, htmlCell{Text: s, Numeric: numeric(s)})
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

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", Arial, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 62rem; padding: 1rem 1.5rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; }
.cohort { color: #555; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 0.6rem 1rem; min-width: 16rem; }
.card h3 { margin: 0 0 0.3rem; font-size: 1.05rem; }
.card .big { font-size: 1.6rem; font-weight: bold; }
.card .policies { color: #444; font-size: 0.9rem; max-width: 24rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
figure { margin: 1rem 0; }
figure svg { width: 100%; max-width: 50rem; height: auto; display: block; }
.scroll { max-height: 28rem; overflow: auto; border: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #e3e3e3; }
th { background: #f3f3f3; text-align: left; }
th.group { text-align: center; border-bottom: 2px solid #999; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
tfoot td { font-weight: bold; border-top: 2px solid #999; }
.note { color: #444; }
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="cohort">{{.Cohort}}</p>
</header>
<section id="summary">
<h2>Summary</h2>
<div class="cards">
{{- range .Results}}
<div class="card"><h3>{{.Label}}</h3>
<div class="big">{{.Share}}</div>
<div>{{.Placed}} of {{.Students}} students placed; {{.Unplaced}} unplaced</div>
<div>total rank {{.TotalRank}}, mean rank {{.MeanRank}}</div>
{{- if .Policies}}
<div class="policies">{{.Policies}}</div>
{{- end}}</div>
{{- end}}
</div>
{{- with .Compare}}
<p>Against each other: {{.Better}} students are better off under {{.A}}, {{.Worse}} under {{.B}}, {{.Same}} the same.
{{- if .HasBlocking}} {{.Optimal}} creates {{.Blocking}} blocking pairs, with {{.InBlocking}} students in them.{{end}}</p>
{{- end}}
<nav><ul>
{{- range .Sections}}
<li><a href="#sec-{{.ID}}">{{.Title}}</a></li>
{{- end}}
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
<div{{if .Long}} class="scroll"{{end}}>
<table id="table-{{.ID}}">
<caption>{{.Title}}</caption>
<thead>
{{- if .Groups}}
<tr>{{range .Groups}}<th{{if gt .Span 1}} colspan="{{.Span}}"{{end}}{{if .Text}} scope="colgroup" class="group"{{end}}>{{.Text}}</th>{{end}}</tr>
{{- end}}
<tr>{{range .Header}}<th scope="col"{{if .Numeric}} class="n"{{end}}>{{.Text}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if .Numeric}} class="n"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
{{- if .Total}}
<tfoot><tr>{{range .Total}}<td{{if .Numeric}} class="n"{{end}}>{{.Text}}</td>{{end}}</tr></tfoot>
{{- end}}
</table>
</div>
</section>
{{- end}}
</body>
</html>
`))
