// Package lang chooses the language of what the project shows a person
// (the command's messages, explanations, the report) and gives each package
// a message printer over its own catalogue (golang.org/x/text/message).
//
// Two languages are supported: Simplified Chinese ([Chinese]) and English
// ([English]). A package keeps its translations in a catalogue of its own,
// keyed by the English text, which is the fallback:
//
//	var cat = lang.NewCatalog(map[string]string{
//		"%d of %d students placed": "%[2]d 名学生中已分配 %[1]d 名",
//	})
//
//	p := lang.Printer(tag, cat)
//	p.Sprintf("%d of %d students placed", 3511, 5000)
//
// Library packages take a language.Tag in their options and never read the
// environment; only the command calls [FromEnv].
package lang

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

var (
	// Chinese is Simplified Chinese, as the planners read it.
	Chinese = language.SimplifiedChinese
	// English is the fallback and the language of the catalogues' keys.
	English = language.English
)

// Supported lists the languages in which the project has catalogues,
// English first.
var Supported = []language.Tag{English, Chinese}

var matcher = language.NewMatcher(Supported)

// Parse reads a language as a person or an environment writes it: "zh",
// "zh-CN", "zh_CN.UTF-8", "zh-Hans", "chinese", "en", "en_US.UTF-8",
// "C", "POSIX". Chinese in any script or region gives [Chinese]; any
// other known language gives [English]. An empty or unreadable name is an
// error.
func Parse(s string) (language.Tag, error) {
	name := strings.TrimSpace(s)
	if i := strings.IndexAny(name, ".@"); i >= 0 { // zh_CN.UTF-8, en_US@euro
		name = name[:i]
	}
	name = strings.ReplaceAll(name, "_", "-")
	switch strings.ToLower(name) {
	case "":
		return English, fmt.Errorf("lang: no language given (want zh or en)")
	case "c", "posix":
		return English, nil
	case "chinese", "中文", "简体中文":
		return Chinese, nil
	case "english":
		return English, nil
	}
	t, err := language.Parse(name)
	if err != nil {
		return English, fmt.Errorf("lang: unknown language %q (want zh or en)", s)
	}
	if base, _ := t.Base(); base.String() == "zh" {
		return Chinese, nil
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No {
		return English, nil
	}
	return Supported[i], nil
}

// FromEnv is the language of the environment: the first of LC_ALL,
// LC_MESSAGES and LANG that is set (as POSIX orders them), else the
// system's user interface language where the system has one apart from
// the environment (Windows), else [English].
func FromEnv() language.Tag {
	return fromEnv(os.Getenv, systemLanguage)
}

func fromEnv(getenv func(string) string, system func() string) language.Tag {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if t, err := Parse(v); err == nil {
				return t
			}
			break
		}
	}
	if v := system(); v != "" {
		if t, err := Parse(v); err == nil {
			return t
		}
	}
	return English
}

// NewCatalog builds a catalogue from Chinese translations keyed by their
// English text (a fmt format, with explicit argument indexes where the
// Chinese order differs). The English keys stand for themselves. It panics
// when a translation does not have the verbs of its key (as many, of the
// same kinds, in any order), so that no argument is lost or misprinted in
// Chinese: a programmer's error in a literal table, which any test of the
// package that holds it reveals.
func NewCatalog(zh map[string]string) catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(English))
	for k, v := range zh {
		if got, want := verbs(v), verbs(k); !slices.Equal(got, want) {
			panic(fmt.Sprintf("lang: catalogue entry %q: verbs %v in Chinese, %v in English", k, got, want))
		}
		if err := b.SetString(Chinese, k, v); err != nil {
			panic(fmt.Sprintf("lang: catalogue entry %q: %v", k, err)) // a programmer's error in a literal table
		}
	}
	return b
}

// Printer returns a printer of cat's messages in language t (English when
// t is not [Chinese]).
func Printer(t language.Tag, cat catalog.Catalog) *message.Printer {
	if t != Chinese {
		t = English
	}
	return message.NewPrinter(t, message.Catalog(cat))
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs are the kinds of the fmt verbs of format, sorted ("%%" is none).
func verbs(format string) []string {
	var out []string
	for _, v := range verbRE.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, v[len(v)-1:])
		}
	}
	slices.Sort(out)
	return out
}
