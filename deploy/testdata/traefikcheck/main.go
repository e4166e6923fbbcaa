// Command traefikcheck decodes Traefik configuration with Traefik's own
// code, as Traefik does when it loads it, and exits non-zero on the first
// error (an unknown field, a bad value).
//
//	traefikcheck file dynamic.yml    file provider, YAML
//	traefikcheck labels labels.json  docker provider labels, a JSON object
//
// It is its own module so that the service's go.mod does not carry
// Traefik's dependencies; the deploy integration tests build it.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/traefik/paerser/file"
	"github.com/traefik/traefik/v3/pkg/config/dynamic"
	"github.com/traefik/traefik/v3/pkg/config/label"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: traefikcheck file|labels PATH")
		os.Exit(2)
	}
	if err := check(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func check(kind, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	switch kind {
	case "file":
		return file.DecodeContent(string(data), ".yml", &dynamic.Configuration{})
	case "labels":
		var labels map[string]string
		if err := json.Unmarshal(data, &labels); err != nil {
			return err
		}
		_, err := label.DecodeConfiguration(labels)
		return err
	}
	return fmt.Errorf("unknown kind %q", kind)
}
