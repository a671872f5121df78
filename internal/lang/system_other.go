//go:build !windows

package lang

// systemLanguage is empty where the environment variables are the system's
// only word on the language.
func systemLanguage() string { return "" }
