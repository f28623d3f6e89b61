package tapctl

import (
	"encoding/json"

	"esodesk/services/config"
)

// recentList is a most-recent-first list of strings kept in the preferences
// (recent queries, custom service URLs). Stored as JSON so any text survives.
type recentList struct {
	store config.Store
	key   string
	max   int
}

func (r recentList) Items() []string {
	var items []string
	if raw := r.store.String(r.key); raw != "" {
		_ = json.Unmarshal([]byte(raw), &items) // a damaged entry just starts the list afresh
	}
	return items
}

// Add puts item first, removing an older copy and trimming to max.
func (r recentList) Add(item string) []string {
	items := []string{item}
	for _, old := range r.Items() {
		if old != item && len(items) < r.max {
			items = append(items, old)
		}
	}
	raw, _ := json.Marshal(items)
	r.store.SetString(r.key, string(raw))
	return items
}
