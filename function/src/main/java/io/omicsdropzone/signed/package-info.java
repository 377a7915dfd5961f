/**
 * AWS calls signed by hand on the SDK's HTTP client, signer and retry strategy, where one or two operations do not
 * justify a service module in the Lambda artifact (Lambda Invoke, SQS receive and delete).
 */
package io.omicsdropzone.signed;
