// The AWS SDK warns on Node 20 at every client start; the pinned version supports it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
