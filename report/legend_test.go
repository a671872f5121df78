package report

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/placement-engine/placement/internal/lang"
)

// TestChartsDrawEverything renders every SVG chart of the group cohort
// (whose special-school chart has a single school) with two results, and
// checks that each category and legend name is drawn once the legend has
// its own band: no coordinate is NaN or infinite (the plot package's
// answer when the bars do not fit their area), and every text is there.
func TestChartsDrawEverything(t *testing.T) {
	font := testFont(t)
	c, stable, optimal := groupResults(t)
	rp, err := NewWithOptions(c, &Options{Lang: lang.Chinese, Font: font}, optimal, stable)
	require.NoError(t, err)
	texts := regexp.MustCompile(`(?s)<text [^>]*>([^<]*)</text>`)
	for _, ch := range rp.charts {
		b, err := ch.render("svg")
		require.NoError(t, err)
		svg := string(b)
		if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
			t.Errorf("chart %s: a coordinate is NaN or infinite", ch.id)
		}
		drawn := map[string]bool{}
		for _, m := range texts.FindAllStringSubmatch(svg, -1) {
			drawn[html.UnescapeString(m[1])] = true
		}
		for _, want := range append(ch.legendNames(), ch.cats...) {
			if !drawn[want] {
				t.Errorf("chart %s: %q not drawn", ch.id, want)
			}
		}
	}
}
