package lang

import (
	"testing"

	"golang.org/x/text/language"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want language.Tag
	}{
		{"zh", Chinese}, {"zh-CN", Chinese}, {"zh_CN.UTF-8", Chinese}, {"zh-Hans", Chinese},
		{"zh-TW", Chinese}, {"Chinese", Chinese}, {"中文", Chinese},
		{"en", English}, {"en_US.UTF-8", English}, {"C", English}, {"POSIX", English},
		{"fr_FR.UTF-8", English}, {" en ", English},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "  ", "x-!!", "zz-zz-zz-zz-zz-zz-zz-zz-zz"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	none := func() string { return "" }
	for _, tc := range []struct {
		name   string
		env    map[string]string
		system string
		want   language.Tag
	}{
		{"nothing", nil, "", English},
		{"LANG", map[string]string{"LANG": "zh_CN.UTF-8"}, "", Chinese},
		{"LC_ALL wins", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "", English},
		{"LC_MESSAGES before LANG", map[string]string{"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, "", Chinese},
		{"system when no variable", nil, "zh-CN", Chinese},
		{"variable before system", map[string]string{"LANG": "C"}, "zh-CN", English},
	} {
		sys := none
		if tc.system != "" {
			s := tc.system
			sys = func() string { return s }
		}
		if got := fromEnv(env(tc.env), sys); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPrinter(t *testing.T) {
	cat := NewCatalog(map[string]string{"%d of %d placed": "%[2]d 人中已分配 %[1]d 人"})
	if got := Printer(Chinese, cat).Sprintf("%d of %d placed", 3, 5); got != "5 人中已分配 3 人" {
		t.Errorf("zh: %q", got)
	}
	if got := Printer(English, cat).Sprintf("%d of %d placed", 3, 5); got != "3 of 5 placed" {
		t.Errorf("en: %q", got)
	}
	if got := Printer(language.French, cat).Sprintf("%d of %d placed", 3, 5); got != "3 of 5 placed" {
		t.Errorf("other: %q", got)
	}
	if got := Printer(Chinese, cat).Sprintf("not in the catalogue %d", 1); got != "not in the catalogue 1" {
		t.Errorf("fallback: %q", got)
	}
}

// A translation that loses or changes a verb of its key is refused when
// the catalogue is built; one that reorders them by index is fine.
func TestCatalogVerbs(t *testing.T) {
	ok := map[string]string{"%d of %d placed (%s)": "%[3]s：%[2]d 人中已分配 %[1]d 人", "100%% %s": "全部 %s"}
	NewCatalog(ok)
	for _, bad := range []map[string]string{
		{"%d of %d placed": "已分配 %d 人"},
		{"%d placed": "已分配 %s 人"},
		{"%s placed": "已分配"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewCatalog(%q) did not panic", bad)
				}
			}()
			NewCatalog(bad)
		}()
	}
}
