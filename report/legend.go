package report

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A chart's legend is a band of its own between the title and the bars,
// its entries side by side in rows as wide as the chart, centred as a block: the plot
// package draws a legend inside the data area, over the bars, and the
// value axis had to run far beyond the data to make room for the long
// Chinese names of the results ("最优分配（志愿位次总和最小）"), which
// squeezed the bars into a part of the chart.

// legendEntry is a legend's line: a name and the thumbnail of its bars or
// line.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

const (
	legendThumb  = 14 * vg.Length(1) // thumbnail width, points
	legendGap    = 4 * vg.Length(1)  // thumbnail to name
	legendSep    = 16 * vg.Length(1) // between entries of a row
	legendRowPad = 5 * vg.Length(1)  // between rows: a browser's box of a line is taller than its text
)

// legendNames are the names in the chart's legend: its series' when it
// has several, and its reference line's when it draws one.
func (ch *chart) legendNames() []string {
	var names []string
	if len(ch.series) > 1 {
		for _, s := range ch.series {
			names = append(names, s.name)
		}
	}
	for _, v := range ch.refs {
		if !math.IsNaN(v) { // the line is drawn
			names = append(names, ch.refName)
			break
		}
	}
	return names
}

// legendRows lays the names out in rows no wider than width, in order,
// and returns the indices of each row's names.
func legendRows(sty text.Style, names []string, width vg.Length) [][]int {
	var rows [][]int
	used := vg.Length(0)
	for i, n := range names {
		w := legendThumb + legendGap + sty.Width(n)
		if len(rows) == 0 || used+legendSep+w > width {
			rows = append(rows, []int{i})
			used = w
			continue
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
		used += legendSep + w
	}
	return rows
}

// legendRowHeight is the height of a legend's row in style sty.
func legendRowHeight(sty text.Style) vg.Length { return sty.Height("中") + legendRowPad }

// legendHeight is the height of the chart's legend band in style sty: 0
// without a legend.
func (ch *chart) legendHeight(sty text.Style) vg.Length {
	names := ch.legendNames()
	if len(names) == 0 {
		return 0
	}
	rows := legendRows(sty, names, chartWidth-2*chartPad)
	return vg.Length(len(rows)) * legendRowHeight(sty)
}

// drawChart draws the plot p on c, and its legend in the band that p's
// title padding leaves under the title.
func drawChart(c draw.Canvas, p *plot.Plot, legend []legendEntry) {
	p.Draw(c)
	if len(legend) == 0 {
		return
	}
	sty := p.Legend.TextStyle
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	names := make([]string, len(legend))
	for i, e := range legend {
		names[i] = e.name
	}
	y := c.Max.Y
	if p.Title.Text != "" {
		y -= p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y
	}
	y -= vg.Points(3) // of the title's padding (8 points) above the band, 5 below
	rowH := legendRowHeight(sty)
	rows := legendRows(sty, names, c.Max.X-c.Min.X)
	// The rows start at the same x, in a block centred under the title.
	block := vg.Length(0)
	for _, row := range rows {
		width := -legendSep
		for _, i := range row {
			width += legendSep + legendThumb + legendGap + sty.Width(names[i])
		}
		block = max(block, width)
	}
	for _, row := range rows {
		x, yc := c.Center().X-block/2, y-rowH/2
		for _, i := range row {
			// The plot package sets a centred line's baseline low in its
			// box; the thumbnail is centred on the letters (measured with
			// Noto Sans CJK and Liberation Sans: 0.45 em under the box's
			// middle).
			th, tm := sty.Font.Size*0.8, yc-sty.Font.Size*0.45
			tc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: tm - th/2}, Max: vg.Point{X: x + legendThumb, Y: tm + th/2}}}
			legend[i].thumb.Thumbnail(&tc)
			x += legendThumb + legendGap
			c.FillText(sty, vg.Point{X: x, Y: yc}, names[i])
			x += sty.Width(names[i]) + legendSep
		}
		y -= rowH
	}
}
