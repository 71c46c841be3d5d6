package schema

import (
	"fmt"
	"strings"

	"github.com/schemagate/schemagate/internal/markdown"
)

// MaxListed is how many changes Markdown lists before "and N more".
const MaxListed = 50

// Markdown renders changes as a short Markdown list, one line per change:
// "- column `orders.customer_id` added: integer NOT NULL". Every name and
// detail comes from a database catalog or a migration file, so each is
// escaped for Markdown and HTML (GitHub renders both in a job summary).
func Markdown(changes []Change) string {
	if len(changes) == 0 {
		return "No schema changes.\n"
	}
	var b strings.Builder
	for i, c := range changes {
		if i == MaxListed {
			fmt.Fprintf(&b, "- ... and %d more\n", len(changes)-MaxListed)
			break
		}
		fmt.Fprintf(&b, "- %s %s **%s**", c.Object, Code(c.Name), c.Change)
		if c.Detail != "" {
			b.WriteString(": " + Text(c.Detail))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Code renders s as a Markdown code span that no content can break out
// of: the fence is longer than any run of backticks inside, line breaks
// become spaces, and HTML is inert inside a code span.
func Code(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\x00", "")), " ")
	if s == "" {
		return "` `"
	}
	fence := markdown.Fence(s, 1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || len(fence) > 1 {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// textEscaper escapes Markdown's punctuation and HTML's specials.
var textEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"|", `\|`, "#", `\#`, "~", `\~`, "!", `\!`, "@", "@\u200b",
)

// Text escapes s for Markdown prose (one line): no emphasis, links,
// headings, tables, mentions or HTML can come out of it.
func Text(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\x00", "")), " ")
	return textEscaper.Replace(s)
}
