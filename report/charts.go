package report

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/model"
)

// chart is a bar chart: one group of bars a category, one bar a series,
// and optionally a reference value a category (a cap) drawn as a dashed
// line across its group.
type chart struct {
	id, title      string
	xLabel, yLabel string // the value axis is yLabel, also for horizontal charts
	cats           []string
	series         []series
	horizontal     bool
	overlay        bool          // series share each category's place: each colours some categories, 0 elsewhere
	percent        bool          // values are percentages: the axis runs from 0 to at least 100
	colors         []color.Color // of the series; nil: the palette
	refs           []float64     // by category; NaN for none; nil for no reference line
	refName        string
	font           *chartFont // measures and draws every text
}

type series struct {
	name   string
	values []float64
}

// palette: colour-blind-safe (Okabe and Ito), fixed so output is
// deterministic.
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{0, 158, 115, 255},   // green
	color.RGBA{204, 121, 167, 255}, // purple
}

var (
	refColor = color.RGBA{213, 94, 0, 255}    // vermilion
	grey     = color.RGBA{153, 153, 153, 255} // "the same" in the gains chart
)

// chartPad is the margin around every chart, so that no text touches the
// edge of the image.
const chartPad = 6 * vg.Millimeter

func pad(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, chartPad, -chartPad, chartPad/2, -chartPad/2)
}

// chartWidth is the width of every chart; vertical charts are
// chartHeight high, horizontal ones grow with their categories.
const (
	chartWidth  = 16 * vg.Centimeter
	chartHeight = 9 * vg.Centimeter
)

// size returns the chart's width and height.
// size returns the chart's width and height: the legend's rows are added
// to the height, so that they never take the bars' room.
func (ch *chart) size() (w, h vg.Length) {
	legend := ch.legendHeight(ch.newPlot().Legend.TextStyle)
	if !ch.horizontal {
		return chartWidth, chartHeight + legend
	}
	groups := len(ch.series)
	if ch.overlay {
		groups = 1
	}
	per := vg.Points(float64(9*groups + 7))
	return chartWidth, max(chartHeight*2/3, vg.Length(len(ch.cats))*per+3*vg.Centimeter) + legend
}

// newPlot is an empty plot with the chart's text styles and font.
func (ch *chart) newPlot() *plot.Plot {
	p := plot.New()
	sans := func(s *plot.Axis) {
		s.Label.TextStyle.Font.Variant = "Sans"
		s.Tick.Label.Font.Variant = "Sans"
	}
	p.Title.TextStyle.Font.Variant = "Sans"
	p.Title.Padding = vg.Points(8)
	p.Legend.TextStyle.Font.Variant = "Sans"
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	// Room between the legend's lines: a browser's box of a line of
	// Chinese (ascent and descent of the font) is taller than the line.
	p.Legend.Padding = vg.Points(5)
	sans(&p.X)
	sans(&p.Y)
	// Room between an axis's label and its tick labels: a browser's box
	// of a line is as tall as the ascent and descent of the font it draws
	// with, which may not be the font measured with (DejaVu Sans for
	// Liberation Sans, Microsoft YaHei for Noto Sans CJK).
	p.X.Label.Padding = vg.Points(8)
	p.Y.Label.Padding = vg.Points(8)
	if ch.font != nil {
		ch.font.use(p)
	}
	return p
}

// plot builds the chart with the plot package, and its legend, which
// render draws between the title and the bars (the plot package draws a
// legend over the bars).
func (ch *chart) plot() (*plot.Plot, []legendEntry, error) {
	p := ch.newPlot()
	p.Title.Text = ch.title
	// A title wider than the chart is set smaller, down to 8 points, then
	// wrapped.
	w0, _ := ch.size()
	if avail, tw := w0-2*chartPad, p.Title.TextStyle.Width(ch.title); tw > avail {
		p.Title.TextStyle.Font.Size = max(vg.Points(8), p.Title.TextStyle.Font.Size*avail/tw*0.98)
	}
	p.Title.Text = wrap(p.Title.TextStyle, ch.title, w0-2*chartPad)
	legendH := ch.legendHeight(p.Legend.TextStyle)
	p.Title.Padding += legendH
	w, h := ch.size()
	h -= legendH
	// The space of a category along the category axis, less the axis and
	// its labels (estimated), split among the series with a gap.
	span := w - 2*vg.Centimeter
	if ch.horizontal {
		span = h - 3*vg.Centimeter
	}
	groups := len(ch.series)
	if ch.overlay {
		groups = 1
	}
	barW := span / vg.Length(max(1, len(ch.cats))) * 0.8 / vg.Length(groups)
	barW = min(barW, 2*vg.Centimeter)
	top := 0.0
	var legend []legendEntry
	for i, s := range ch.series {
		bc, err := plotter.NewBarChart(plotter.Values(s.values), barW)
		if err != nil {
			return nil, nil, fmt.Errorf("report: chart %s: %w", ch.id, err)
		}
		bc.Horizontal = ch.horizontal
		bc.Color = palette[i%len(palette)]
		if ch.colors != nil {
			bc.Color = ch.colors[i]
		}
		bc.LineStyle.Width = 0
		bc.Offset = (vg.Length(i) - vg.Length(len(ch.series)-1)/2) * barW
		if ch.overlay {
			bc.Offset = 0
		}
		if ch.horizontal {
			bc.Offset = -bc.Offset // the first series on top, as in the legend
		}
		p.Add(bc)
		if len(ch.series) > 1 {
			legend = append(legend, legendEntry{s.name, bc})
		}
		top = max(top, slices.Max(s.values))
	}
	refShown := false
	for i, v := range ch.refs {
		if math.IsNaN(v) {
			continue
		}
		top = max(top, v)
		a, b := float64(i)-0.45, float64(i)+0.45
		pts := plotter.XYs{{X: a, Y: v}, {X: b, Y: v}}
		if ch.horizontal {
			pts = plotter.XYs{{X: v, Y: a}, {X: v, Y: b}}
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, nil, fmt.Errorf("report: chart %s: %w", ch.id, err)
		}
		l.Color = refColor
		l.Width = vg.Points(2)
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		p.Add(l)
		if !refShown {
			legend = append(legend, legendEntry{ch.refName, l})
			refShown = true
		}
	}
	if ch.percent {
		top = max(top, 100)
	}
	top = max(top*1.05, 1)
	catAxis, valAxis := &p.X, &p.Y
	if ch.horizontal {
		catAxis, valAxis = &p.Y, &p.X
		p.NominalY(ch.cats...)
	} else {
		p.NominalX(ch.cats...)
	}
	catAxis.Label.Text = ch.xLabel
	valAxis.Label.Text = ch.yLabel
	valAxis.Min, valAxis.Max = 0, top
	if ch.percent {
		valAxis.Tick.Marker = upTo100{}
	}
	// The category axis runs over exactly one unit a category, so that the
	// bars fill 80 % of it as barW assumes.
	catAxis.Min, catAxis.Max = -0.5, float64(len(ch.cats))-0.5
	p.Add(plotter.NewGrid())
	return p, legend, nil
}

// render draws the chart as "svg" or "png", its text measured and drawn
// with the report's font. SVG text refers to the font by name, with the
// common Chinese fonts after it, without embedding it, and carries the
// width measured (see chartFont.fixSVG); PNG is drawn at 144 dots per
// inch.
func (ch *chart) render(format string) (_ []byte, err error) {
	// The plot package panics on a font it cannot read; fonts are
	// checked when chosen (drawsChinese), and any other such failure is
	// an error, not a crash.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: chart %s: drawing failed: %v", ch.id, r)
		}
	}()
	p, legend, err := ch.plot()
	if err != nil {
		return nil, err
	}
	w, h := ch.size()
	var buf bytes.Buffer
	switch format {
	case "svg":
		c := vgsvg.New(w, h)
		drawChart(pad(draw.New(c)), p, legend)
		_, err = c.WriteTo(&buf)
		if err == nil && ch.font != nil {
			fixed := ch.font.fixSVG(buf.Bytes())
			buf.Reset()
			buf.Write(fixed)
		}
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(144), vgimg.UseBackgroundColor(color.White))
		drawChart(pad(draw.New(c)), p, legend)
		_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(&buf)
	default:
		return nil, fmt.Errorf("report: unknown chart format %q (want png or svg)", format)
	}
	if err != nil {
		return nil, fmt.Errorf("report: chart %s: %w", ch.id, err)
	}
	return buf.Bytes(), nil
}

// Charts returns the IDs of the report's charts, in the order of the HTML
// page. Each has a table of the same ID (see [Report.Table]).
func (rp *Report) Charts() []string {
	out := make([]string, len(rp.charts))
	for i, ch := range rp.charts {
		out[i] = ch.id
	}
	return out
}

// ChartIDs lists every chart a report can draw, in the order of the HTML
// page; a report draws those its data gives (see [Report.Charts]).
var ChartIDs = []string{"rank", "unplaced", "fill-school", "fill-level", "fill-enterprise", "fill-region", "fill-major",
	"special-posts", "special-school", "out-of-province", "gains", "blocking"}

// RenderChart draws the chart id as "png" or "svg".
func (rp *Report) RenderChart(id, format string) ([]byte, error) {
	for _, ch := range rp.charts {
		if ch.id == id {
			return ch.render(format)
		}
	}
	return nil, fmt.Errorf("report: no chart %q in this report", id)
}

// WriteCharts writes every chart into the folder dir (which must exist),
// as ID.png or ID.svg for format "png" or "svg", and returns the paths
// written, in the order of [Report.Charts]. Each file is written to a
// temporary file in dir, synced, and renamed into place. Files of charts
// that this report does not draw (left by an earlier report: ID.png or
// ID.svg for an ID of [ChartIDs]) are removed, so that the folder holds
// this report's charts only. It stops at the first error.
func (rp *Report) WriteCharts(dir, format string) ([]string, error) {
	if format != "png" && format != "svg" {
		return nil, fmt.Errorf("report: unknown chart format %q (want png or svg)", format)
	}
	var paths []string
	for _, ch := range rp.charts {
		b, err := ch.render(format)
		if err != nil {
			return paths, err
		}
		path := filepath.Join(dir, ch.id+"."+format)
		if err := writeFileAtomic(path, b); err != nil {
			return paths, fmt.Errorf("report: %w", err)
		}
		paths = append(paths, path)
	}
	return paths, rp.RemoveStaleCharts(dir, format)
}

// RemoveStaleCharts removes from dir the chart files of the format (ID.png
// or ID.svg for an ID of [ChartIDs]) that this report does not draw, left
// by an earlier report, so that the folder shows this report's charts
// only. A file that is not there is no error.
func (rp *Report) RemoveStaleCharts(dir, format string) error {
	for _, id := range ChartIDs {
		if slices.ContainsFunc(rp.charts, func(ch chart) bool { return ch.id == id }) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, id+"."+format)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// writeFileAtomic writes b to path through a synced temporary file in the
// same folder, renamed into place; on error nothing is left.
func writeFileAtomic(path string, b []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if _, err = f.Write(b); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// resultSeries returns one series a result, of the values f gives.
func (rp *Report) resultSeries(f func(st *stats) []float64) []series {
	var out []series
	for _, st := range rp.res {
		out = append(out, series{name: st.chartName, values: f(st)})
	}
	return out
}

func (rp *Report) buildCharts() []chart {
	c := rp.cohort
	p := rp.cp
	nS, maxRank := rp.students, rp.maxRank
	var out []chart

	cats := []string{}
	for k := range maxRank {
		cats = append(cats, itoa(k+1))
	}
	cats = append(cats, "–")
	out = append(out, chart{id: "rank", title: p.Sprintf("Students by the choice they obtained"), xLabel: p.Sprintf("choice obtained (–: unplaced)"), yLabel: p.Sprintf("students"),
		cats: cats, series: rp.resultSeries(func(st *stats) []float64 {
			v := make([]float64, maxRank+1)
			for k, n := range st.byRank {
				v[k] = float64(n)
			}
			v[maxRank] = float64(nS - st.placed)
			return v
		})})

	reasons := rp.unplacedReasons()
	cats = nil
	for _, why := range reasons {
		cats = append(cats, reasonText(rp, why, true))
	}
	out = append(out, chart{id: "unplaced", title: p.Sprintf("Unplaced students by reason"), yLabel: p.Sprintf("students"), horizontal: true,
		cats: reverse(cats), series: rp.resultSeries(func(st *stats) []float64 {
			var v []float64
			for _, why := range reasons {
				v = append(v, float64(reasonN(st, why)))
			}
			return reverse(v)
		})})

	schStudents, schSpecial, lvlStudents := rp.schoolFigures()
	if nSch := len(c.Schools()); nSch > 0 {
		cats = nil
		var which []int
		for i, sch := range c.Schools() {
			if schStudents[i] > 0 {
				cats = append(cats, rp.chartLabel(sch.ID, sch.Name, i))
				which = append(which, i)
			}
		}
		out = append(out, horizontal(rp.rateChart("fill-school", p.Sprintf("Placement rate by school"), "", p.Sprintf("students placed (%%)"),
			cats, which, func(st *stats) []int { return st.schPlaced }, schStudents)))
	}
	if lvlStudents[0] < nS {
		cats = nil
		lvls := rp.levels(lvlStudents)
		for _, lv := range lvls {
			cats = append(cats, rp.cpLevel(lv))
		}
		out = append(out, rp.rateChart("fill-level", p.Sprintf("Placement rate by level"), p.Sprintf("level"), p.Sprintf("students placed (%%)"),
			cats, lvls, func(st *stats) []int { return st.lvlPlaced[:] }, lvlStudents[:]))
	}

	entSeats, regSeats, majStudents := rp.entSeats, rp.regSeats, rp.majStudents
	top := topEnterprises(entSeats, rp.top)
	cats = nil
	for _, e := range top {
		ent := c.Enterprises()[e]
		cats = append(cats, rp.chartLabel(ent.ID, ent.Name, e))
	}
	out = append(out, horizontal(rp.rateChart("fill-enterprise", p.Sprintf("Fill rate of the %d enterprises with the most seats", len(top)), "", p.Sprintf("seats filled (%%)"),
		cats, top, func(st *stats) []int { return st.entFill }, entSeats)))

	cats = nil
	for g, reg := range c.Regions() {
		cats = append(cats, rp.chartLabel(reg.ID, reg.Name, g))
	}
	out = append(out, horizontal(rp.rateChart("fill-region", p.Sprintf("Fill rate by region"), "", p.Sprintf("seats filled (%%)"),
		cats, nil, func(st *stats) []int { return st.regFill }, regSeats)))

	cats = nil
	for m, maj := range c.Majors() {
		cats = append(cats, rp.chartLabel(maj.ID, maj.Name, m))
	}
	out = append(out, horizontal(rp.rateChart("fill-major", p.Sprintf("Placement rate by major"), "", p.Sprintf("students placed (%%)"),
		cats, nil, func(st *stats) []int { return st.majPlaced }, majStudents)))

	if sp := rp.res[0].special; len(sp) > 0 {
		cats = nil
		for _, row := range sp {
			reg := c.Regions()[row.Region]
			cats = append(cats, rp.chartLabel(reg.ID, reg.Name, row.Region))
		}
		var ss []series
		for _, st := range rp.res {
			var filled, placed []float64
			for _, row := range st.special {
				filled = append(filled, ratio(row.Filled, row.Posts))
				placed = append(placed, ratio(row.Placed, row.Students))
			}
			if len(rp.res) > 1 {
				ss = append(ss, series{p.Sprintf("posts filled, %s", st.chartName), filled}, series{p.Sprintf("students placed, %s", st.chartName), placed})
			} else {
				ss = append(ss, series{p.Sprintf("posts filled"), filled}, series{p.Sprintf("students placed"), placed})
			}
		}
		out = append(out, horizontal(chart{id: "special-posts", title: p.Sprintf("Special posts filled and special-post students placed, by county"), yLabel: "%", percent: true,
			cats: cats, series: ss}))
	}

	if nSp := sum(schSpecial); nSp > 0 && len(c.Schools()) > 0 {
		cats = nil
		var which []int
		for i, sch := range c.Schools() {
			if schSpecial[i] > 0 {
				cats = append(cats, rp.chartLabel(sch.ID, sch.Name, i))
				which = append(which, i)
			}
		}
		out = append(out, horizontal(rp.rateChart("special-school", p.Sprintf("Special-post students placed, by school"), "", p.Sprintf("special-post students placed (%%)"),
			cats, which, func(st *stats) []int { return st.schSpecial }, schSpecial)))
	}

	if oop := rp.oopRegions(); len(oop) > 0 {
		cats = nil
		var refs []float64
		for _, g := range oop {
			reg := c.Regions()[g]
			cats = append(cats, rp.chartLabel(reg.ID, reg.Name, g))
			v := math.NaN()
			if reg.Cap > 0 {
				v = float64(reg.Cap)
			}
			refs = append(refs, v)
		}
		out = append(out, chart{id: "out-of-province", title: p.Sprintf("Students placed out of the province against the cap"), xLabel: p.Sprintf("region"), yLabel: p.Sprintf("students"),
			cats: cats, refs: refs, refName: p.Sprintf("cap"), series: rp.resultSeries(func(st *stats) []float64 {
				var v []float64
				for _, n := range st.oop {
					v = append(v, float64(n))
				}
				return v
			})})
	}

	if rp.cmp == nil {
		return rp.drawable(out)
	}
	// Gains in the first colour, the same in grey, losses in the second.
	// The title names the results (1) and (2), the legend and the
	// categories refer to them so.
	a, b := rp.res[0].chartName, rp.res[1].chartName
	if !rp.font.has(a + b) {
		a, b = rp.cp.Sprintf("the first"), rp.cp.Sprintf("the second")
	}
	cats = nil
	sides := []series{{name: p.Sprintf("better under %s", "(1)")}, {name: p.Sprintf("the same")}, {name: p.Sprintf("better under %s", "(2)")}}
	for k, n := range rp.cmp.moves {
		cats = append(cats, moveName(p, k, "(1)", "(2)"))
		side := 1
		switch {
		case k < sameRank:
			side = 0
		case k > sameRank && k < neither:
			side = 2
		}
		for j := range sides {
			v := 0.0
			if j == side {
				v = float64(n)
			}
			sides[j].values = append(sides[j].values, v)
		}
	}
	for j := range sides {
		sides[j].values = reverse(sides[j].values)
	}
	out = append(out, chart{id: "gains", title: p.Sprintf("Who gains, who loses: (1) %s, (2) %s", a, b), yLabel: p.Sprintf("students"),
		horizontal: true, overlay: true, cats: reverse(cats), series: sides, colors: []color.Color{palette[0], grey, palette[1]}})

	if rp.cmp.hasBlocking {
		by := rp.cmp.blockingByEnt
		top := topEnterprises(by, rp.top)
		cats = nil
		var v []float64
		for _, e := range top {
			if by[e] > 0 {
				ent := c.Enterprises()[e]
				cats = append(cats, rp.chartLabel(ent.ID, ent.Name, e))
				v = append(v, float64(by[e]))
			}
		}
		if len(cats) == 0 {
			cats, v = []string{p.Sprintf("none")}, []float64{0}
		}
		out = append(out, chart{id: "blocking", title: p.Sprintf("Pairs who would both rather be together, by enterprise (top %d)", len(cats)),
			yLabel: p.Sprintf("pairs"), horizontal: true,
			cats: reverse(cats), series: []series{{name: p.Sprintf("pairs"), values: reverse(v)}}})
	}
	return rp.drawable(out)
}

// cpLevel is levelName in the charts' language.
func (rp *Report) cpLevel(lv int) string {
	return words.Level(rp.clang, model.Level(lv).String())
}

// horizontal turns a vertical chart into a horizontal one, its first
// category on top: long names read better along the vertical axis.
func horizontal(ch chart) chart {
	ch.horizontal = true
	ch.cats = reverse(ch.cats)
	for i := range ch.series {
		ch.series[i].values = reverse(ch.series[i].values)
	}
	ch.refs = reverse(ch.refs)
	return ch
}

// drawable drops the charts without categories (a cohort without
// enterprises, regions or majors): their tables say so.
func (rp *Report) drawable(charts []chart) []chart {
	charts = slices.DeleteFunc(charts, func(ch chart) bool { return len(ch.cats) == 0 })
	for i := range charts {
		charts[i].font = rp.font
	}
	return charts
}

// rateChart is a vertical chart of percentages, one bar a category and
// result: n(st)[i] of of[i] for the i of which (every category when which
// is nil).
func (rp *Report) rateChart(id, title, xLabel, yLabel string, cats []string, which []int, n func(st *stats) []int, of []int) chart {
	return chart{id: id, title: title, xLabel: xLabel, yLabel: yLabel, percent: true, cats: cats,
		series: rp.resultSeries(func(st *stats) []float64 {
			var v []float64
			for k := range cats {
				i := k
				if which != nil {
					i = which[k]
				}
				v = append(v, ratio(n(st)[i], of[i]))
			}
			return v
		})}
}

// wrap breaks s into lines no wider than width in style sty: at spaces,
// or between any two characters of a word (Chinese) wider than a line.
func wrap(sty text.Style, s string, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if sty.Width(try) <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		for _, r := range word {
			if line != "" && sty.Width(line+string(r)) > width {
				lines = append(lines, line)
				line = ""
			}
			line += string(r)
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// upTo100 marks a percentage axis every 20 %, with minor ticks every
// 10 %, up to 100: the axis runs further only to leave room for the
// legend.
type upTo100 struct{}

func (upTo100) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for v := 0; v <= 100; v += 10 {
		if f := float64(v); f >= lo && f <= hi {
			t := plot.Tick{Value: f}
			if v%20 == 0 {
				t.Label = itoa(v)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// reverse returns a reversed copy: horizontal charts draw their first
// category at the bottom, and a reader expects it on top.
func reverse[T any](xs []T) []T {
	out := slices.Clone(xs)
	slices.Reverse(out)
	return out
}
