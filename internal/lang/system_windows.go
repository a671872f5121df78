//go:build windows

package lang

import "golang.org/x/sys/windows"

// systemLanguage is the user's preferred interface language on Windows,
// such as "zh-CN", where no LANG is set.
func systemLanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
