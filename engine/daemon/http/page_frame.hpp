// The frame the workbench's pages share (page_layout.cpp): the head, the header with the
// signed-in viewer and the sign-out form, and the opening of a POST form with its CSRF token.
#pragma once

#include <string_view>

#include "daemon/http/html.hpp"
#include "daemon/http/pages.hpp"

namespace tiaojie::daemon::http {

// `viewer` null: nobody is signed in (the sign-in page).
void open_page(Html& h, std::string_view title, const Viewer* viewer);
void close_page(Html& h);
// <form method="post" action="…" class="…"> with the hidden "csrf" field; the caller closes it.
void post_form_open(Html& h, std::string_view action, const Viewer& viewer,
                    std::string_view css_class);

}  // namespace tiaojie::daemon::http
