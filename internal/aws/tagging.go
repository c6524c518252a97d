package aws

import (
	"context"
	"fmt"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	tagschemas "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/schemas"
	tagtypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
)

// TaggingPermission is the IAM permission of the Resource Groups Tagging
// API call that finds the tool's keys without reading every key's tags.
const TaggingPermission = "tag:GetResources"

// Tagging is the Resource Groups Tagging API client of one Region. It finds
// resources by their tags with one request per page of matches, whatever
// the number of other resources in the account.
type Tagging struct {
	c      *tagging.Client
	region string
	cl     *Clients
}

// Tagging returns the Resource Groups Tagging API client for region. It
// honours the same endpoint overrides as KMS (--endpoint-url,
// AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API, the
// profile's endpoint_url).
func (c *Clients) Tagging(region string) *Tagging {
	cfg := c.cfg.Copy()
	cfg.Region = region
	return &Tagging{c: tagging.NewFromConfig(cfg, func(o *tagging.Options) {
		o.BaseEndpoint = c.baseEndpoint(taggingSDKID)
		// AWS JSON 1.1, as KMS: AWS serves it as well as the SDK's default
		// (Smithy RPC v2 CBOR), and emulators serve only it.
		o.Protocol = awsjson.New11(tagschemas.ResourceGroupsTaggingAPI_20170126)
	}), region: region, cl: c}
}

// taggingSDKID is the SDK's service id of the Resource Groups Tagging API.
const taggingSDKID = "Resource Groups Tagging API"

// TaggedKeyIDs lists the IDs of the KMS keys in this Region that carry the
// tag key=value (tag:GetResources, resource type kms:key, up to 100 a page,
// following pagination). The API is eventually consistent: a tag made a
// moment ago may not be listed yet, and a key listed may have lost the tag
// or be pending deletion since; callers confirm what they use with
// DescribeKey and ListResourceTags. An endpoint that does not serve the API
// gives an error for which IsUnsupported is true; a caller without the
// permission gets KindAccessDenied.
func (t *Tagging) TaggedKeyIDs(ctx context.Context, key, value string) ([]string, error) {
	in := &tagging.GetResourcesInput{
		ResourceTypeFilters: []string{"kms:key"},
		TagFilters:          []tagtypes.TagFilter{{Key: sdkaws.String(key), Values: []string{value}}},
		ResourcesPerPage:    sdkaws.Int32(100),
	}
	var ids []string
	p := tagging.NewGetResourcesPaginator(t.c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx, func(o *tagging.Options) {
			o.APIOptions = append(o.APIOptions, addDetectUnsupported)
			o.Retryer = wrapRetryer(o.Retryer)
		})
		if err != nil {
			return nil, t.cl.classifyTagging(err, t.region)
		}
		for _, m := range out.ResourceTagMappingList {
			// arn:<partition>:kms:<region>:<account>:key/<key-id>
			arn := sdkaws.ToString(m.ResourceARN)
			if i := strings.LastIndex(arn, ":key/"); i >= 0 {
				ids = append(ids, arn[i+len(":key/"):])
			}
		}
	}
	return ids, nil
}

// classifyTagging classifies an error of GetResources: "not served by this
// endpoint" wraps ErrUnsupported; anything else is classified as usual.
func (c *Clients) classifyTagging(err error, region string) error {
	if isUnsupportedRaw(err) {
		e := &Error{Kind: KindUnknown, Op: "GetResources", Region: region, Err: fmt.Errorf("%w: %v", ErrUnsupported, err)}
		e.say("aws.err.unsupported.summary", "GetResources")
		e.sayFix("aws.err.unsupported.fix", "GetResources")
		return e
	}
	return c.classify(err, "GetResources", region)
}
