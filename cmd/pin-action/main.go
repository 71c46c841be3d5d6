// Command pin-action rewrites files in place for a release tag: in action.yml
// runs.image becomes docker://IMAGE@DIGEST; in a workflow, every step that
// uses schemagate/schemagate@main uses docker://IMAGE@DIGEST. The release
// workflow runs it; see internal/release.
//
//	go run ./cmd/pin-action -image ghcr.io/schemagate/schemagate -digest sha256:... action.yml .github/workflows/gated-migrate.yml
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/schemagate/schemagate/internal/release"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("pin-action", flag.ContinueOnError)
	fs.SetOutput(stderr)
	image := fs.String("image", "", "image repository, such as ghcr.io/schemagate/schemagate")
	digest := fs.String("digest", "", "the pushed image's digest, sha256:...")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: pin-action -image REPO -digest sha256:... action.yml [workflow.yml ...]")
		return 2
	}
	for _, path := range fs.Args() {
		in, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "pin-action: %v\n", err)
			return 1
		}
		pin := release.PinWorkflow
		if filepath.Base(path) == "action.yml" {
			pin = release.PinImage
		}
		out, err := pin(in, *image, *digest)
		if err != nil {
			fmt.Fprintf(stderr, "pin-action: %s: %v\n", path, err)
			return 1
		}
		if err := os.WriteFile(path, out, 0o644); err != nil {
			fmt.Fprintf(stderr, "pin-action: %v\n", err)
			return 1
		}
	}
	return 0
}
