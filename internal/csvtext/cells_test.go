package csvtext

import "testing"

func TestCells(t *testing.T) {
	for _, tc := range []struct{ in, trim, number, list string }{
		{"", "", "", ""},
		{"S1", "S1", "S1", "S1"},
		{"S1 ", "S1", "S1", "S1"},
		{"\u3000S1\u00a0\t", "S1", "S1", "S1"},
		{"S 1", "S 1", "S 1", "S 1"},
		{"１８", "１８", "18", "１８"},
		{" －７２．５ ", "－７２．５", "-72.5", "－７２．５"},
		{"＋１", "＋１", "+1", "＋１"},
		{"\u22123", "\u22123", "-3", "\u22123"},
		{"\u20133", "\u20133", "-3", "\u20133"},
		{"P1；P2，P3、P4", "P1；P2，P3、P4", "P1；P2，P3、P4", "P1;P2;P3;P4"},
		{" P1 ; P2\u3000；\u3000P3 ", "P1 ; P2\u3000；\u3000P3", "P1 ; P2\u3000；\u3000P3", "P1;P2;P3"},
		{"P1;;P2", "P1;;P2", "P1;;P2", "P1;;P2"},
		{"P1; ", "P1;", "P1;", "P1;"},
		{"\u3000", "", "", ""},
		{"名字 ", "名字", "名字", "名字"},
	} {
		if got := TrimCell(tc.in); got != tc.trim {
			t.Errorf("TrimCell(%q) = %q, want %q", tc.in, got, tc.trim)
		}
		if got := NumberCell(tc.in); got != tc.number {
			t.Errorf("NumberCell(%q) = %q, want %q", tc.in, got, tc.number)
		}
		if got := ListCell(tc.in); got != tc.list {
			t.Errorf("ListCell(%q) = %q, want %q", tc.in, got, tc.list)
		}
	}
}

// Plain cells, the bulk of a file, are returned as they are.
func TestCellsPlainCopyNothing(t *testing.T) {
	id, num, list := "S12345", "72.5", "P1;P2;P3;P4"
	allocs := testing.AllocsPerRun(100, func() {
		if TrimCell(id) != id || NumberCell(num) != num || ListCell(list) != list {
			t.Fatal("a plain cell changed")
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations for plain cells", allocs)
	}
}
