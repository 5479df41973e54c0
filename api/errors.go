package api

import (
	"encoding/json"
	"net/http"
)

// apiError is the body of every error of the JSON API.
type apiError struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	// Code is a stable machine-readable word (bad_parameter, not_found...).
	Code string `json:"code"`
	// Message says what went wrong, for people.
	Message string `json:"message"`
}

// writeError writes a JSON error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Encoding")
	h.Del("ETag")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(apiError{Error: errorBody{Code: code, Message: msg}})
}
