#include "logging.h"

Q_LOGGING_CATEGORY(lcNode, "berth.node")
Q_LOGGING_CATEGORY(lcRpc, "berth.rpc")
Q_LOGGING_CATEGORY(lcAgent, "berth.agent")
