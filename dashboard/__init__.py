"""The Streamlit dashboard: the only package that imports streamlit, folium or streamlit_folium."""
