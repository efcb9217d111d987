// SupportLab UI tests: the plan-review widgets — single, multiple, matching and ordering questions.
#include "flows.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace sl::ui::test {

namespace {

void StartReview(Harness& h) {
    CreateProfile(h, "Quinn", "C1");
    h.Click("pick/scenario/ui-review");
    ASSERT_TRUE(h.S().m_trainee.m_run);
}

const QuestionState* Q(Harness& h, const std::string& id) { return h.S().m_trainee.m_run->Sim().FindQuestion(id); }

// Puts the ordering question's items in the wanted order with the up buttons, as a person would.
void OrderWithButtons(Harness& h, const std::string& qid, const std::vector<std::string>& wanted) {
    for (size_t target = 0; target < wanted.size(); ++target) {
        for (int guard = 0; guard < 10; ++guard) {
            const auto& order = h.S().m_trainee.m_run->m_drafts[qid].m_order;
            const size_t at = static_cast<size_t>(std::find(order.begin(), order.end(), wanted[target]) - order.begin());
            if (at <= target) break;
            h.Click("question/" + qid + "/" + wanted[target] + "/up");
        }
    }
}

} // namespace

TEST(UiQuestions, EveryWidgetAnswersItsQuestion) {
    Harness h;
    StartReview(h);
    // Single choice: radio buttons.
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Who is the first contact?"));
    h.Click("question/q-single/t3");
    EXPECT_EQ(h.S().m_trainee.m_run->m_drafts["q-single"].m_single, "t3");
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    ASSERT_TRUE(Q(h, "q-single")->m_answered);
    EXPECT_EQ(Q(h, "q-single")->m_answer, std::vector<std::string>{"t1"});
    EXPECT_EQ(h.S().m_trainee.m_run->m_selectedQuestion, "q-multi") << "moves on to the next question";
    // Multiple choice: check boxes.
    h.Click("question/q-multi/a");
    h.Click("question/q-multi/b");
    h.Click("question/q-multi/c");
    h.Click("question/q-multi/b"); // untick
    h.Click("question/submit");
    ASSERT_TRUE(Q(h, "q-multi")->m_answered);
    std::vector<std::string> multi = Q(h, "q-multi")->m_answer;
    std::sort(multi.begin(), multi.end());
    EXPECT_EQ(multi, (std::vector<std::string>{"a", "c"}));
    // Matching: a list per item. Not complete: Submit does nothing.
    Choose(h, "question/q-match/d1", "question/q-match/d1/hd");
    h.Click("question/submit");
    EXPECT_FALSE(Q(h, "q-match")->m_answered);
    Choose(h, "question/q-match/d2", "question/q-match/d2/mdm");
    h.Click("question/submit");
    ASSERT_TRUE(Q(h, "q-match")->m_answered);
    std::vector<std::string> pairs = Q(h, "q-match")->m_answer;
    std::sort(pairs.begin(), pairs.end());
    EXPECT_EQ(pairs, (std::vector<std::string>{"d1=hd", "d2=mdm"}));
    // Ordering: up/down buttons.
    ASSERT_EQ(h.S().m_trainee.m_run->m_selectedQuestion, "q-order");
    h.Frame();
    OrderWithButtons(h, "q-order", {"o1", "o2", "o3"});
    EXPECT_EQ(h.S().m_trainee.m_run->m_drafts["q-order"].m_order, (std::vector<std::string>{"o1", "o2", "o3"}));
    h.Click("question/submit");
    ASSERT_TRUE(Q(h, "q-order")->m_answered);
    EXPECT_EQ(Q(h, "q-order")->m_answer, (std::vector<std::string>{"o1", "o2", "o3"}));
    // Everything answered and right: the debrief shows full marks for knowledge.
    h.Click("run/finish");
    ASSERT_TRUE(h.S().m_trainee.m_run->m_report);
    const ScoreReport& r = *h.S().m_trainee.m_run->m_report;
    EXPECT_DOUBLE_EQ(r.m_total, r.m_max);
    EXPECT_DOUBLE_EQ(r.m_byDimension[static_cast<int>(Dimension::Knowledge)].m_score, 5.0); // 2 + 1 + 1 + 1
    EXPECT_TRUE(ScreenHas(h.FrameText(), "SECRET-Q1 tier 1 is the first contact."));
}

TEST(UiQuestions, AnswersCanBeChangedAndHintsShowTheirCost) {
    Harness h;
    StartReview(h);
    std::string text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Take hint 1 (costs 0.25 points)")) << text;
    EXPECT_FALSE(ScreenHas(text, "Think of who answers the phone."));
    EXPECT_FALSE(ScreenHas(text, "SECRET-Q1"));
    h.Click("question/hint/0");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Think of who answers the phone."));
    h.Click("question/q-single/t3");
    h.Click("question/submit");
    EXPECT_EQ(Q(h, "q-single")->m_answer, std::vector<std::string>{"t3"});
    h.Click("question/select/q-single");
    EXPECT_TRUE(ScreenHas(h.FrameText(), "Change answer"));
    h.Click("question/q-single/t1");
    h.Click("question/submit");
    EXPECT_EQ(Q(h, "q-single")->m_answer, std::vector<std::string>{"t1"}) << "the latest answer replaces the earlier one";
    EXPECT_EQ(h.S().m_hooks.m_answerKeyDraws, 0);
    // The debrief names the hint as its button did and charges it as precisely as it cost.
    h.Click("run/finish");
    h.Frame();
    h.Click("finish/confirm"); // three questions are still open
    text = h.FrameText();
    EXPECT_TRUE(ScreenHas(text, "Hints cost 0.25 points.")) << text;
    EXPECT_TRUE(ScreenHas(text, "hint 1 taken")) << text;
    EXPECT_TRUE(ScreenHas(text, "-0.25")) << text;
    EXPECT_TRUE(ScreenHas(text, "1.75 / 2")) << text; // the question's 2 points less the hint
}

TEST(UiQuestions, NextAndPreviousButtonsMoveBetweenQuestions) {
    Harness h;
    StartReview(h);
    EXPECT_FALSE(h.Has("question/prev"));
    h.Click("question/next");
    EXPECT_EQ(h.S().m_trainee.m_run->m_selectedQuestion, "q-multi");
    h.Click("question/prev");
    EXPECT_EQ(h.S().m_trainee.m_run->m_selectedQuestion, "q-single");
    h.Click("question/select/q-order");
    EXPECT_FALSE(h.Has("question/next"));
    // The first item cannot move up, the last cannot move down.
    const auto order = h.S().m_trainee.m_run->m_drafts["q-order"].m_order;
    h.Click("question/q-order/" + order.front() + "/up");
    EXPECT_EQ(h.S().m_trainee.m_run->m_drafts["q-order"].m_order, order);
    h.Click("question/q-order/" + order.back() + "/down");
    EXPECT_EQ(h.S().m_trainee.m_run->m_drafts["q-order"].m_order, order);
    h.Click("question/q-order/" + order.front() + "/down");
    EXPECT_EQ(h.S().m_trainee.m_run->m_drafts["q-order"].m_order[1], order.front());
}

} // namespace sl::ui::test

namespace sl::ui::test {

TEST(UiQuestions, TheDebriefSpeaksInOptionTextsAndDrawsNoOneBarChart) {
    Harness h;
    StartReview(h);
    h.Click("question/q-single/t3");
    h.Click("question/submit");
    h.Click("run/finish");
    h.Frame();
    h.Click("finish/confirm");
    const std::string text = h.FrameText();
    const ScoreReport& r = *h.S().m_trainee.m_run->m_report;
    for (const ItemScore& it : r.m_items) {
        EXPECT_TRUE(ScreenHas(text, it.m_expected.substr(0, it.m_expected.find('\n')))) << it.m_itemId;
        EXPECT_EQ(it.m_expected.find('='), std::string::npos) << "an id pair, not words: " << it.m_expected;
    }
    // Unanswered questions show the right answer in words too.
    EXPECT_TRUE(ScreenHas(text, "not answered")) << text;
    // Questions score one skill (knowledge): no chart of one bar.
    EXPECT_TRUE(h.Has("debrief/total"));
    EXPECT_FALSE(h.Has("debrief/skills-chart"));
}

} // namespace sl::ui::test
