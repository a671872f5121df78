package store

import (
	"encoding/base64"
	"os"
)

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

func base64URL(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }
