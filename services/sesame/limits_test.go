package sesame

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"esodesk/internal/xmlguard"
	"esodesk/services/vohttp"
)

func TestHostileAnswers(t *testing.T) {
	deep := "<Sesame><Target>" + strings.Repeat("<a>", 100_000) + strings.Repeat("</a>", 100_000) + "</Target></Sesame>"
	big := "<Sesame><Target><name>" + strings.Repeat("x", maxAnswer) + "</name></Target></Sesame>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		if strings.Contains(r.URL.Path, "deep") {
			w.Write([]byte(deep))
		} else {
			w.Write([]byte(big))
		}
	}))
	defer srv.Close()
	for what, want := range map[string]string{
		"deep": "the Sesame answer nests elements 65 deep (at <a>, line 1); esodesk reads at most 64 — the answer is malformed or hostile",
		"big":  "the Sesame answer is larger than 1.0 MB; esodesk reads at most that — the answer is malformed or hostile",
	} {
		_, err := New(srv.URL+"/"+what, nil).Resolve(context.Background(), "Vega")
		var ve *vohttp.Error
		if !errors.As(err, &ve) || ve.Kind != vohttp.KindProtocol || !errors.Is(err, xmlguard.ErrLimit) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s answer: %v", what, err)
		}
		if errors.Is(err, ErrNotFound) {
			t.Errorf("%s answer counted as not found", what)
		}
	}
}
