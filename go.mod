module github.com/schemagate/schemagate

go 1.26.8

require (
	github.com/bmatcuk/doublestar/v4 v4.10.4
	github.com/sethvargo/go-githubactions v1.4.0
)

require go.yaml.in/yaml/v3 v3.0.6 // indirect
