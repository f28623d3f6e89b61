package app

import (
	"encoding/json"

	"fyne.io/fyne/v2"
)

// prefStore lets services/config read and write the app's preferences.
type prefStore struct{ p fyne.Preferences }

func (s prefStore) String(key string) string    { return s.p.String(key) }
func (s prefStore) SetString(key, value string) { s.p.SetString(key, value) }

// recentList is a most-recent-first list of strings kept in the preferences
// (recent queries, custom service URLs). Stored as JSON so any text survives.
type recentList struct {
	p   fyne.Preferences
	key string
	max int
}

func (r recentList) Items() []string {
	var items []string
	if raw := r.p.String(r.key); raw != "" {
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
	r.p.SetString(r.key, string(raw))
	return items
}
