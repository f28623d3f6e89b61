package preview

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"

	"esodesk/services/vohttp"
)

// maxPixels refuses images whose decoded form would eat gigabytes; ESO
// previews are a few megapixels.
const maxPixels = 100 << 20

// msgHTML is the message for a web page served where an image was expected
// (typically the login page after a session expired).
const msgHTML = "the server returned an HTML page instead of an image — maybe a login page"

// sniff names the image format from its magic bytes ("" when unknown).
func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "gif"
	}
	return ""
}

// checkImage refuses what is not a PNG, JPEG or GIF, with a message saying
// what arrived instead.
func checkImage(contentType string, data []byte) (string, error) {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	if f := sniff(head); f != "" {
		return f, nil
	}
	if vohttp.LooksLikeHTML(contentType, head) {
		msg := msgHTML
		if text := vohttp.ServerMessage("text/html", data); text != "" {
			msg += " (page text: " + vohttp.Truncate(text, 200) + ")"
		}
		return "", fmt.Errorf("%s", msg)
	}
	what := "data"
	if contentType != "" {
		what = "content of type " + contentType
	}
	if len(data) == 0 {
		return "", fmt.Errorf("the server returned an empty answer instead of an image")
	}
	return "", fmt.Errorf("the server returned %s starting with %q, which is not a PNG, JPEG or GIF image", what, printable(head, 16))
}

func printable(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 {
			return '.'
		}
		return r
	}, string(b))
}

// decode decodes a PNG, JPEG or GIF (the first frame of an animation),
// checking the size before allocating the pixels.
func decode(data []byte) (image.Image, string, error) {
	format, err := checkImage("", data)
	if err != nil {
		return nil, "", err
	}
	var cfg image.Config
	switch format {
	case "png":
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case "jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case "gif":
		cfg, err = gif.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return nil, format, fmt.Errorf("the %s image is damaged: %w", strings.ToUpper(format), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, format, fmt.Errorf("the %s image is %dx%d pixels, too large to show", strings.ToUpper(format), cfg.Width, cfg.Height)
	}
	var img image.Image
	switch format {
	case "png":
		img, err = png.Decode(bytes.NewReader(data))
	case "jpeg":
		img, err = jpeg.Decode(bytes.NewReader(data))
	case "gif":
		img, err = gif.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, format, fmt.Errorf("the %s image is damaged: %w", strings.ToUpper(format), err)
	}
	return img, format, nil
}

// imageBytes is the memory an image's pixels take.
func imageBytes(img image.Image) int64 {
	switch m := img.(type) {
	case *image.RGBA:
		return int64(len(m.Pix))
	case *image.NRGBA:
		return int64(len(m.Pix))
	case *image.RGBA64:
		return int64(len(m.Pix))
	case *image.NRGBA64:
		return int64(len(m.Pix))
	case *image.Gray:
		return int64(len(m.Pix))
	case *image.Gray16:
		return int64(len(m.Pix))
	case *image.Paletted:
		return int64(len(m.Pix)) + int64(len(m.Palette))*4
	case *image.YCbCr:
		return int64(len(m.Y) + len(m.Cb) + len(m.Cr))
	}
	b := img.Bounds()
	return int64(b.Dx()) * int64(b.Dy()) * 4
}
