"""`branching`: the scenario so far, then the choices at the current node, saved one by one;
afterwards the path taken, with each choice's points and consequences and the other choices."""

from __future__ import annotations

import streamlit as st

from modules.plan import DrawnQuestion
from modules.questions import Answer
from modules.questions.base import is_index_list
from modules.questions.branching import KIND, BranchingQuestion, best_path_points, walk_path
from modules.safe_markdown import inert

from ..post_cards import show_posts
from ..state import t
from .base import QuestionRenderer, SaveAnswer, ShowMarkdown, show_prompt


class BranchingRenderer(QuestionRenderer[BranchingQuestion]):
    kind = KIND.name
    texts = {
        "nl": {
            "quiz.you_chose": "Je koos:",
            "quiz.your_choice": "Jouw keuze",
            "quiz.choose": "Kies dit",
            "quiz.scenario_done": "Einde van het scenario. Ga verder naar de volgende vraag.",
            "feedback.best_choice": "de beste keuze",
            "feedback.points": "score {points} van {best}",
            "feedback.points_short": "{points} punten",
            "feedback.other_choices": "De andere keuzes en hun gevolgen",
            "feedback.scenario_points": "Je haalde in dit scenario **{points}** van de **{best}** punten van de beste route.",
        },
        "en": {
            "quiz.you_chose": "You chose:",
            "quiz.your_choice": "Your choice",
            "quiz.choose": "Choose this",
            "quiz.scenario_done": "End of the scenario. Go on to the next question.",
            "feedback.best_choice": "the best choice",
            "feedback.points": "score {points} of {best}",
            "feedback.points_short": "{points} points",
            "feedback.other_choices": "The other choices and their consequences",
            "feedback.scenario_points": "In this scenario you earned **{points}** of the **{best}** points of the best route.",
        },
    }

    def show_input(
        self,
        question: BranchingQuestion,
        drawn: DrawnQuestion,
        stored: Answer,
        key: str,
        save: SaveAnswer,
        show_markdown: ShowMarkdown,
    ) -> None:
        path = list(stored) if is_index_list(stored) else []
        visited, _ = walk_path(question, path)
        show_prompt(question)
        for step, node_id in enumerate(visited[:-1]):
            node = question.node(node_id)
            choice = node.choices[path[step]]
            with st.container(border=True):
                show_markdown(node.text)
                show_posts(node.posts)
                st.markdown(inert(f"**{t('quiz.you_chose')}** {choice.text}"))
                st.info(choice.feedback, icon=":material/subdirectory_arrow_right:")
        current = question.node(visited[-1])
        with st.container(border=True):
            show_markdown(current.text)
            show_posts(current.posts)
            if current.ending:
                st.success(t("quiz.scenario_done"), icon=":material/flag:")
                return
            order = list(drawn.choice_orders.get(current.id, range(len(current.choices))))
            picked = st.radio(
                t("quiz.your_choice"),
                order,
                index=None,
                key=f"{key}:{current.id}",
                format_func=lambda i: inert(current.choices[i].text),
            )
            # A choice is saved the moment it is made: the scenario moves on to its next node.
            st.button(
                t("quiz.choose"),
                key=f"{key}:choose:{current.id}",
                disabled=picked is None,
                on_click=save,
                args=([*path, picked],),
                type="primary",
            )

    def show_feedback(
        self, question: BranchingQuestion, drawn: DrawnQuestion, answer: Answer, show_markdown: ShowMarkdown
    ) -> None:
        path = answer if is_index_list(answer) else []
        visited, points = walk_path(question, path)
        show_prompt(question)
        for step, node_id in enumerate(visited[:-1]):
            node = question.node(node_id)
            choice = node.choices[path[step]]
            best = max(c.points for c in node.choices)
            with st.container(border=True):
                show_markdown(node.text)
                show_posts(node.posts)
                mark = (
                    "✔ " + t("feedback.best_choice")
                    if choice.points >= best
                    else t("feedback.points", points=f"{choice.points:g}", best=f"{best:g}")
                )
                st.markdown(inert(f"**{t('quiz.you_chose')}** {choice.text}\n\n*{mark}*"))
                st.caption(inert(choice.feedback))
                others = [c for c in node.choices if c is not choice]
                if others:
                    with st.expander(t("feedback.other_choices")):
                        for other in others:
                            worth = t("feedback.points_short", points=f"{other.points:g}")
                            st.markdown(inert(f"- **{other.text}** ({worth}): {other.feedback}"))
        end = question.node(visited[-1])
        with st.container(border=True):
            show_markdown(end.text)
            show_posts(end.posts)
        st.markdown(
            t("feedback.scenario_points", points=f"{points:g}", best=f"{best_path_points(question):g}")
        )

    def show_answer_key(self, question: BranchingQuestion) -> None:
        for node in question.nodes:
            st.markdown(inert(f"**{node.id}**: {node.text}"))
            for choice in node.choices:
                st.markdown(
                    inert(f"- {choice.text} → {choice.next} ({choice.points:g})  \n  *{choice.feedback}*")
                )


RENDERER = BranchingRenderer()
