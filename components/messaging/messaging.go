// Package messaging provides the asynchronous backbone of stage 1m: Topic,
// an encrypted SNS topic that only accepts TLS, and Flow, an encrypted SQS
// queue with a dead-letter queue, optionally subscribed to a Topic, drained
// by a Lambda worker (a function.Function) that reports partial batch
// failures. A Topic fans out to as many Flows as there are kinds of work.
package messaging
