package blindweb

import (
	"strconv"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func itoa(i int) string { return strconv.Itoa(i) }

func decodeGB(b []byte) ([]byte, error) { return simplifiedchinese.GBK.NewDecoder().Bytes(b) }
