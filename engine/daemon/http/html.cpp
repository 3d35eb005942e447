#include "daemon/http/html.hpp"

namespace tiaojie::daemon::http {}  // namespace tiaojie::daemon::http
