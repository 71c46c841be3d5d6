// Command pin-action rewrites action.yml in place for a release tag: runs.image
// becomes docker://IMAGE@DIGEST. The release workflow runs it; see
// internal/release.
//
//	go run ./cmd/pin-action -image ghcr.io/schemagate/schemagate -digest sha256:... action.yml
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

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
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: pin-action -image REPO -digest sha256:... action.yml")
		return 2
	}
	path := fs.Arg(0)
	in, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "pin-action: %v\n", err)
		return 1
	}
	out, err := release.PinImage(in, *image, *digest)
	if err != nil {
		fmt.Fprintf(stderr, "pin-action: %s: %v\n", path, err)
		return 1
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		fmt.Fprintf(stderr, "pin-action: %v\n", err)
		return 1
	}
	return 0
}
