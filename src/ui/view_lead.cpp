// SupportLab UI: the lead's dashboard (filled in when the reports library lands).
#include "ui/views.hpp"
#include "ui/widgets.hpp"

namespace sl::ui {

void DrawLeadView(AppState& s) {
    Heading(s, "Lead dashboard");
    TextDim("Reports are not available in this build yet.");
}

} // namespace sl::ui
