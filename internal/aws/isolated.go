package aws

import (
	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"
)

// The example credentials of the AWS documentation: practice calls are
// signed with them, never with the machine's.
const (
	exampleAccessKeyID = "AKIAIOSFODNN7EXAMPLE"
	exampleSecretKey   = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// isolatedConfig is a configuration built without reading anything of the
// machine's AWS setup: no environment, no shared config or credentials file
// (so no profile, endpoint_url or services section), static credentials (so
// no credential chain: no SSO, web identity, process or instance-metadata
// provider can run), the same retries, timeout and silence as Load's.
func isolatedConfig(c Config) sdkaws.Config {
	return sdkaws.Config{
		Region:           "",
		BaseEndpoint:     sdkaws.String(c.EndpointURL),
		Credentials:      sdkaws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(exampleAccessKeyID, exampleSecretKey, "")),
		HTTPClient:       awshttp.NewBuildableClient().WithTimeout(c.CallTimeout),
		RetryMaxAttempts: c.MaxAttempts,
		RetryMode:        sdkaws.RetryModeStandard,
		Logger:           logging.Nop{},
	}
}
