"""Trainer accounts, for administrators: add, disable, enable."""

from __future__ import annotations

import streamlit as st

from application import TrainerError
from ui import state
from ui.state import t
from ui.trainer_auth import require_trainer


def render() -> None:
    admin = require_trainer(admin=True)
    trainers = state.app().trainers
    st.title(t("nav.trainer_accounts"))
    for account in trainers.accounts():
        text, action = st.columns([3, 1], vertical_alignment="center")
        status = t("trainer.disabled") if account.disabled else t("trainer.active")
        text.markdown(f"**{account.email}** · {t(f'trainer.role.{account.role}')} · {status}")
        if account.id != admin.id:
            label = t("trainer.enable") if account.disabled else t("trainer.disable")
            action.button(
                label,
                key=f"toggle:{account.id}",
                on_click=trainers.set_disabled,
                args=(account.id, not account.disabled, admin.email),
            )
    st.subheader(t("trainer.add_title"))
    with st.form("add_trainer", clear_on_submit=True):
        email = st.text_input(t("trainer.email"))
        password = st.text_input(t("trainer.new_password"), type="password", help=t("trainer.password_help"))
        is_admin = st.checkbox(t("trainer.make_admin"))
        submitted = st.form_submit_button(t("trainer.add_button"))
    if submitted:
        try:
            added = trainers.add(email, password, admin=is_admin, by=admin.email)
        except TrainerError as problem:
            st.error(t(f"trainer.error.{problem.code}"))
        else:
            st.success(t("trainer.added", email=added.email))
