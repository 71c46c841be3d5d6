package sqllint

// changeSet is what the files of one change set know of each other.
type changeSet struct {
	// created: tables that an earlier file of the change set created.
	created map[string]bool
}
