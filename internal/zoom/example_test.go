package zoom_test

import (
	"fmt"

	"github.com/zcmk/zcmk-tui/internal/i18n"
	"github.com/zcmk/zcmk-tui/internal/zoom"
)

func ExampleBuildPolicy() {
	fmt.Println(zoom.BuildPolicy("aws", "123456789012", zoom.ZoomAccountID))
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Id": "zcmk-tui-key-policy",
	//   "Statement": [
	//     {
	//       "Sid": "EnableAccountAdministration",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "arn:aws:iam::123456789012:root"
	//       },
	//       "Action": "kms:*",
	//       "Resource": "*"
	//     },
	//     {
	//       "Sid": "AllowZoomCMK",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "arn:aws:iam::409910850980:root"
	//       },
	//       "Action": [
	//         "kms:Decrypt",
	//         "kms:Encrypt",
	//         "kms:DescribeKey",
	//         "kms:GenerateDataKey*"
	//       ],
	//       "Resource": "*"
	//     }
	//   ]
	// }
}

func ExampleMergePolicy() {
	// A policy written from an older guide: Zoom's statement lacks kms:Encrypt.
	existing := `{"Version": "2012-10-17", "Statement": [
	  {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"},
	  {"Sid": "Zoom", "Effect": "Allow", "Principal": {"AWS": "409910850980"},
	   "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"], "Resource": "*"}]}`
	r, err := zoom.MergePolicy(existing, "aws", "123456789012", zoom.ZoomAccountID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Changed, r.NotesIn(i18n.NewPrinter(i18n.English)))
	again, _ := zoom.MergePolicy(r.Policy, "aws", "123456789012", zoom.ZoomAccountID)
	fmt.Println(again.Changed)
	// Output:
	// true [added kms:Encrypt to statement Zoom]
	// false
}

func ExampleValidateRegion() {
	fmt.Println(zoom.ValidateRegion("ap-northeast-3") == nil)
	r, _ := zoom.LookupRegion("ap-northeast-1")
	fmt.Println(r.City, "->", r.Partner)
	// Output:
	// true
	// Tokyo -> ap-northeast-3
}
