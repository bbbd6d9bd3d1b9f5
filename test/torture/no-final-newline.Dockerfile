FROM alpine
RUN echo one
CMD ["echo", "no newline at the end"]