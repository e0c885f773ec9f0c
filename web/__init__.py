"""Plain HTTP routes served next to the Streamlit UI by the same server (`st.App`)."""
